"""The pilot charts and tables (wizard/pilot_charts.py): what the figure draws, what the alt text
says and what the tables hold, for the knowledge base's own KPIs. Pure: no Streamlit session."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import plotly.graph_objects as go

from reports.pilots import KpiTrack, PilotProgress, kpi_tracks, pilot_progress
from templates_library import load_library
from templates_library.library import PROJECT_ROOT
from tests.unit.helpers import FakePilot, Reading
from wizard import pilot_charts
from wizard.pilot_charts import Words

LIB = load_library()
OWNER = LIB.templates["owner_informal_watch"]  # themes (>= 4), decisions (>= 2), hours (<= 2)
KIT = LIB.templates["protection_security_kit"]
WORDS = Words(
    kpi="KPI",
    date="Date",
    value="Value",
    unit="Unit",
    target="Target",
    share="Share",
    reached="Reached",
    note="Note",
    pilot="Pilot",
    setup="Set-up",
    phase="Phase",
    started="Started",
    measured="Measured",
    on_target="On target",
    mean_share="Average",
    yes="yes",
    no="no",
    no_target="no target",
    nothing="Nothing yet",
)


def owner_tracks() -> list[KpiTrack]:
    return kpi_tracks(
        OWNER,
        [
            Reading("themes_covered", date(2025, 2, 1), 2, "first alerts"),
            Reading("themes_covered", date(2025, 3, 1), 4),
            Reading("hours_per_week", date(2025, 3, 1), 3),
        ],
    )


NAMES = {"themes_covered": "Themes (themes)", "hours_per_week": "Hours (hours)"}


class TestProgressChart:
    def test_one_panel_per_measured_kpi_with_its_target_dashed(self) -> None:
        chart = pilot_charts.progress_chart(owner_tracks(), NAMES, "Pilot #1", WORDS)
        lines = [trace for trace in chart.figure.data if isinstance(trace, go.Scatter)]
        assert [trace.name for trace in lines] == ["Themes (themes)", "Hours (hours)"]
        themes, hours = lines
        assert list(themes.y) == [2.0, 4.0]
        assert [str(day) for day in themes.x] == ["2025-02-01", "2025-03-01"]
        assert list(themes.text) == ["2", "4"]  # values are written, not only drawn
        assert themes.marker.symbol != hours.marker.symbol  # KPIs differ by marker too
        targets = [shape for shape in chart.figure.layout.shapes if shape.line.dash == "dash"]
        assert sorted(shape.y0 for shape in targets) == [2.0, 4.0]
        labels = {a.text for a in chart.figure.layout.annotations}
        assert {"Target ≥ 4", "Target ≤ 2", "Themes (themes)", "Hours (hours)"} <= labels
        # the panel's range shows the target even when every reading is below it
        assert chart.figure.layout.yaxis2.range[1] > 3

    def test_the_alt_text_tells_the_course_and_the_target(self) -> None:
        chart = pilot_charts.progress_chart(owner_tracks(), NAMES, "Pilot #1", WORDS)
        assert chart.alt == (
            "Pilot #1: Themes (themes): 2 (2025-02-01) → 4 (2025-03-01), "
            "Target ≥ 4 (Reached: yes); Hours (hours): 3 (2025-03-01), Target ≤ 2 (Reached: no)."
        )

    def test_the_table_holds_every_reading(self) -> None:
        chart = pilot_charts.progress_chart(owner_tracks(), NAMES, "Pilot #1", WORDS)
        assert list(chart.table.columns) == ["KPI", "Date", "Value", "Unit", "Target"]
        assert chart.table.values.tolist() == [
            ["Themes (themes)", "2025-02-01", "2", "themes", "≥ 4"],
            ["Themes (themes)", "2025-03-01", "4", "themes", "≥ 4"],
            ["Hours (hours)", "2025-03-01", "3", "hours", "≤ 2"],
        ]

    def test_no_reading_says_so(self) -> None:
        chart = pilot_charts.progress_chart(kpi_tracks(OWNER, []), NAMES, "Pilot #1", WORDS)
        assert chart.alt == "Pilot #1: Nothing yet."
        assert chart.table.empty

    def test_a_kpi_without_target_has_no_line_and_says_so(self) -> None:
        tracks = kpi_tracks(OWNER, [Reading("gone", date(2025, 1, 1), 5)])
        chart = pilot_charts.progress_chart(tracks, {}, "P", WORDS)
        assert not chart.figure.layout.shapes
        assert chart.alt == "P: gone: 5 (2025-01-01), no target."

    def test_typed_names_are_shown_literally_by_plotly(self) -> None:
        chart = pilot_charts.progress_chart(owner_tracks(), NAMES, "Pilot <b>#1</b> & co", WORDS)
        assert chart.figure.layout.title.text == "Pilot &lt;b&gt;#1&lt;/b&gt; &amp; co"
        assert chart.alt.startswith("Pilot <b>#1</b> & co: ")  # the alt is not HTML

    def test_numbers_use_the_given_formats(self) -> None:
        words = Words(**{**WORDS.__dict__, "number": lambda v: f"<{v:.1f}>"})
        chart = pilot_charts.progress_chart(owner_tracks(), NAMES, "P", words)
        assert "<4.0>" in chart.alt


class TestTables:
    def test_progress_table_one_row_a_kpi(self) -> None:
        table = pilot_charts.progress_table(owner_tracks(), NAMES, WORDS)
        assert list(table["KPI"]) == ["Themes (themes)", OWNER.kpis[1].name, "Hours (hours)"]
        themes, decisions, hours = table.to_dict("records")
        assert themes == {
            "KPI": "Themes (themes)",
            "Value": "4",
            "Date": "2025-03-01",
            "Target": "≥ 4",
            "Share": "100%",
            "Reached": "yes",
        }
        assert (decisions["Value"], decisions["Share"], decisions["Reached"]) == ("", "", "")
        assert (hours["Share"], hours["Reached"]) == ("67%", "no")

    def test_readings_table_keeps_the_notes(self) -> None:
        table = pilot_charts.readings_table(owner_tracks(), NAMES, WORDS)
        assert table["Note"].tolist() == ["first alerts", "", ""]
        assert len(table) == 3


def two_pilots() -> list[PilotProgress]:
    return [
        pilot_progress(
            FakePilot(1, OWNER.id, date(2025, 1, 1), "implementation"),
            OWNER,
            [
                Reading("themes_covered", date(2025, 3, 1), 3),
                Reading("hours_per_week", date(2025, 3, 1), 2),
            ],
        ),
        pilot_progress(
            FakePilot(2, OWNER.id, date(2024, 6, 1), "use"),
            OWNER,
            [Reading("themes_covered", date(2025, 3, 1), 5)],
        ),
    ]


PILOT_NAMES = {1: "#1 Sawmill", 2: "#2 Winery"}
KPI_NAMES = {(OWNER.id, "themes_covered"): "Themes", (OWNER.id, "hours_per_week"): "Hours"}


class TestCompare:
    def test_one_bar_per_pilot_on_each_kpi_with_a_share(self) -> None:
        chart = pilot_charts.compare_chart(two_pilots(), PILOT_NAMES, KPI_NAMES, "T", WORDS)
        bars = [trace for trace in chart.figure.data if isinstance(trace, go.Bar)]
        assert [bar.name for bar in bars] == ["#1 Sawmill", "#2 Winery"]
        sawmill, winery = bars
        assert list(sawmill.y) == ["Themes", "Hours"]
        assert list(sawmill.x) == [0.75, 1.0]
        assert list(winery.x) == [1.25, None]
        assert list(sawmill.text) == ["75%", "100%"]
        assert sawmill.marker.pattern.shape != winery.marker.pattern.shape  # not colour alone
        target = [shape for shape in chart.figure.layout.shapes if shape.line.dash == "dash"]
        assert [shape.x0 for shape in target] == [1.0]

    def test_alt_and_table_say_the_latest_value_against_the_target(self) -> None:
        chart = pilot_charts.compare_chart(two_pilots(), PILOT_NAMES, KPI_NAMES, "T", WORDS)
        assert chart.alt == "T: #1 Sawmill: Themes 75%, Hours 100%; #2 Winery: Themes 125%."
        rows = chart.table.to_dict("records")
        assert rows[0] == {
            "Pilot": "#1 Sawmill",
            "KPI": "Themes",
            "Value": "3",
            "Unit": "themes",
            "Date": "2025-03-01",
            "Target": "≥ 4",
            "Share": "75%",
            "Reached": "no",
        }
        assert [(r["Pilot"], r["KPI"]) for r in rows] == [
            ("#1 Sawmill", "Themes"),
            ("#1 Sawmill", "Hours"),
            ("#2 Winery", "Themes"),
        ]

    def test_pilots_of_different_set_ups_get_their_own_rows(self) -> None:
        kit = pilot_progress(
            FakePilot(3, KIT.id, date(2025, 1, 1), "use"),
            KIT,
            [Reading("security_incidents", date(2025, 3, 1), 0)],
        )
        names = {**KPI_NAMES, (KIT.id, "security_incidents"): "Incidents"}
        chart = pilot_charts.compare_chart(
            [*two_pilots(), kit], {**PILOT_NAMES, 3: "#3 Kit"}, names, "T", WORDS
        )
        bars = [trace for trace in chart.figure.data if isinstance(trace, go.Bar)]
        assert list(bars[0].y) == ["Themes", "Hours", "Incidents"]
        assert list(bars[2].x) == [None, None, 1.0]

    def test_long_kpi_names_wrap_on_the_axis_only(self) -> None:
        long = "Priority themes with at least one active alert or <source>"
        names = {**KPI_NAMES, (OWNER.id, "themes_covered"): long}
        chart = pilot_charts.compare_chart(two_pilots(), PILOT_NAMES, names, "T", WORDS)
        first = chart.figure.data[0].y[0]
        assert first == "Priority themes with at least one<br>active alert or &lt;source&gt;"
        assert long in chart.alt
        assert long in chart.table[WORDS.kpi].tolist()

    def test_nothing_to_compare_says_so(self) -> None:
        empty = [
            pilot_progress(FakePilot(1, OWNER.id, date(2025, 1, 1), "use"), OWNER, []),
            pilot_progress(FakePilot(2, OWNER.id, date(2025, 1, 1), "use"), OWNER, []),
        ]
        chart = pilot_charts.compare_chart(empty, PILOT_NAMES, KPI_NAMES, "T", WORDS)
        assert chart.alt == "T: Nothing yet."

    def test_compare_table_one_row_a_pilot(self) -> None:
        table = pilot_charts.compare_table(
            two_pilots(),
            PILOT_NAMES,
            {OWNER.id: "Owner watch"},
            {"implementation": "Implementation", "use": "Routine use"},
            WORDS,
        )
        assert table.to_dict("records") == [
            {
                "Pilot": "#1 Sawmill",
                "Set-up": "Owner watch",
                "Phase": "Implementation",
                "Started": "2025-01-01",
                "Measured": "2/3",
                "On target": "1/2",
                "Average": "88%",
            },
            {
                "Pilot": "#2 Winery",
                "Set-up": "Owner watch",
                "Phase": "Routine use",
                "Started": "2024-06-01",
                "Measured": "1/3",
                "On target": "1/1",
                "Average": "125%",
            },
        ]


def test_the_time_axis_counts_days_even_for_one_reading() -> None:
    tracks = kpi_tracks(OWNER, [Reading("themes_covered", date(2025, 3, 1), 3)])
    chart = pilot_charts.progress_chart(tracks, NAMES, "P", WORDS)
    axis = chart.figure.layout.xaxis
    assert (axis.type, axis.tickformat) == ("date", "%Y-%m-%d")
    assert axis.range == ("2025-02-26", "2025-03-04")


def test_a_kpi_at_zero_with_a_zero_target_still_has_a_readable_scale() -> None:
    tracks = kpi_tracks(KIT, [Reading("security_incidents", date(2025, 3, 1), 0)])
    chart = pilot_charts.progress_chart(tracks, {}, "P", WORDS)
    low, high = chart.figure.layout.yaxis.range
    assert (low, high) == (0.0, 1.25)
    assert "(Reached: yes)" in chart.alt


def test_the_builders_and_the_progress_rules_do_not_import_streamlit() -> None:
    code = "import sys, wizard.pilot_charts, reports.pilots; sys.exit('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=False)
    assert done.returncode == 0, "a pure module imports streamlit"
