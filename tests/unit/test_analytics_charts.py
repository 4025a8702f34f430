"""The analytics charts (wizard/analytics_charts.py): every heatmap cell carries its value as
text in a colour that reads on it, hidden cells say so, bars carry counts and shares, the
comparison's second series is hatched, and the alt text and tables say the same. Pure: no
Streamlit session."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from wizard import analytics_charts
from wizard.analytics_charts import Words, cell_colours, heatmap, paired_bars, setups_bar
from wizard.plan_charts import ink

WORDS = Words(
    hidden="–",
    hidden_note="– means fewer than 3.",
    highest="highest",
    nothing="Nothing yet",
    respondents="Respondents",
    share="Share",
    difference="Difference",
)
NEEDS = pd.DataFrame(
    {
        "lorraine": [3.0, 0.25, 1.5],
        "murcia": [math.nan, math.nan, math.nan],
        "nrw": [0.0, 2.0, 1.0],
    },
    index=["regulatory", "patent", "supply"],
)
KIND_NAMES = {"regulatory": "Regulatory", "patent": "Patent", "supply": "Supply"}
REGION_NAMES = {"lorraine": "Lorraine", "murcia": "Murcia", "nrw": "North Rhine-Westphalia"}


def needs_chart() -> analytics_charts.Chart:
    return heatmap(
        NEEDS,
        KIND_NAMES,
        REGION_NAMES,
        "Needs by region",
        WORDS,
        zmax=3.0,
        scale="Importance (0-3)",
        row_header="Kind of watch",
    )


def text_trace(figure: go.Figure) -> go.Scatter:
    return next(trace for trace in figure.data if isinstance(trace, go.Scatter))


class TestHeatmap:
    def test_every_cell_has_its_value_written_and_hidden_cells_say_so(self) -> None:
        chart = needs_chart()
        cells = text_trace(chart.figure)
        assert cells.mode == "text"
        assert len(cells.text) == 9  # 3 kinds x 3 regions
        by_place = {(x, y): text for x, y, text in zip(cells.x, cells.y, cells.text, strict=True)}
        assert by_place[0, 0] == "3"  # Lorraine, regulatory
        assert by_place[0, 1] == "0.2"  # one decimal (0.25 rounds to even)
        assert by_place[2, 1] == "2"
        assert [by_place[1, y] for y in range(3)] == ["–", "–", "–"]  # Murcia: hidden

    def test_the_text_is_black_on_light_cells_and_white_on_dark_ones(self) -> None:
        cells = text_trace(needs_chart().figure)
        colours = dict(zip(zip(cells.x, cells.y, strict=True), cells.textfont.color, strict=True))
        assert colours[0, 0] == "#FFFFFF"  # 3 of 3: the darkest blue
        assert colours[2, 0] == "#000000"  # 0: the lightest
        assert colours[1, 0] == analytics_charts.NEUTRAL  # hidden: grey on no colour
        for value in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
            (colour,) = cell_colours([value], 3.0)
            assert colours_contrast(colour, ink(colour)) >= 4.5

    def test_the_heatmap_colours_its_known_cells_only_on_a_fixed_scale(self) -> None:
        trace = next(t for t in needs_chart().figure.data if isinstance(t, go.Heatmap))
        assert (trace.zmin, trace.zmax) == (0.0, 3.0)
        assert list(trace.z[0]) == [3.0, None, 0.0]
        assert trace.colorbar.title.text == "Importance (0-3)"

    def test_the_axes_name_the_rows_and_groups_in_the_words_given(self) -> None:
        figure = needs_chart().figure
        assert figure.layout.yaxis.ticktext == ("Regulatory", "Patent", "Supply")
        assert figure.layout.xaxis.ticktext[2] == "North Rhine-<br>Westphalia"
        assert figure.layout.title.text == "Needs by region"

    def test_the_alt_text_says_each_groups_highest_row_and_what_hidden_means(self) -> None:
        alt = needs_chart().alt
        assert alt.startswith("Needs by region: Lorraine, highest: Regulatory 3; Murcia –;")
        assert "North Rhine-Westphalia, highest: Patent 2" in alt
        assert alt.endswith("– means fewer than 3.")

    def test_the_table_holds_the_values_with_hidden_cells_empty(self) -> None:
        table = needs_chart().table
        assert list(table.columns) == [
            "Kind of watch",
            "Lorraine",
            "Murcia",
            "North Rhine-Westphalia",
        ]
        assert table["Lorraine"].tolist() == [3.0, 0.25, 1.5]
        assert table["Murcia"].isna().all()

    def test_shares_are_written_with_the_format_given(self) -> None:
        shares = pd.DataFrame({"lorraine": [0.5, 0.25]}, index=["a", "b"])
        chart = heatmap(
            shares,
            {},
            {},
            "Set-ups",
            WORDS,
            zmax=1.0,
            scale="Share",
            row_header="Set-up",
            fmt=lambda v: f"{round(100 * v)} %",
            tickformat=".0%",
        )
        assert list(text_trace(chart.figure).text) == ["50 %", "25 %"]
        assert chart.figure.data[0].colorbar.tickformat == ".0%"

    def test_a_label_typed_by_a_user_is_shown_literally(self) -> None:
        chart = heatmap(
            pd.DataFrame({"<b>x</b>": [1.0]}, index=["k"]),
            {},
            {},
            "T",
            WORDS,
            zmax=3.0,
            scale="s",
            row_header="r",
        )
        assert chart.figure.layout.xaxis.ticktext == ("&lt;b&gt;x&lt;/b&gt;",)

    def test_nothing_to_show_says_so(self) -> None:
        chart = heatmap(
            pd.DataFrame(), {}, {}, "Needs", WORDS, zmax=3.0, scale="s", row_header="Kind"
        )
        assert chart.alt == "Needs: Nothing yet."
        assert chart.figure.layout.annotations[0].text == "Nothing yet"


def colours_contrast(background: str, text: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(background), luminance(text)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class TestSetupsBar:
    def test_bars_are_sorted_and_carry_count_and_share(self) -> None:
        chart = setups_bar(
            {"b": 1, "a": 3},
            {"a": "Shared cell", "b": "Consultant"},
            "First recommendations",
            WORDS,
            total=4,
            label_header="Set-up",
        )
        bar = chart.figure.data[0]
        assert list(bar.y) == ["Shared cell", "Consultant"]
        assert list(bar.text) == ["3 · 75%", "1 · 25%"]
        assert chart.alt == "First recommendations: Shared cell 3 · 75%, Consultant 1 · 25%."
        assert chart.table.to_dict("list") == {
            "Set-up": ["Shared cell", "Consultant"],
            "Respondents": [3, 1],
            "Share": [0.75, 0.25],
        }

    def test_no_recommendation_says_so(self) -> None:
        chart = setups_bar({}, {}, "First", WORDS, total=0, label_header="Set-up")
        assert chart.alt == "First: Nothing yet."


class TestPairedBars:
    def chart(self) -> analytics_charts.Chart:
        return paired_bars(
            ["regulatory", "patent"],
            {"regulatory": 2.5, "patent": math.nan},
            {"regulatory": 1.0, "patent": 2.0},
            KIND_NAMES,
            ("A: <i>a.csv</i>", "B: b.csv"),
            title="Needs, A and B",
            words=WORDS,
            axis="Mean",
            label_header="Kind",
            top=3.0,
        )

    def test_two_series_the_second_hatched_each_value_written(self) -> None:
        first, second = self.chart().figure.data
        assert first.name == "A: &lt;i&gt;a.csv&lt;/i&gt;"
        assert list(first.text) == ["2.5", "–"]
        assert list(second.text) == ["1", "2"]
        assert first.marker.pattern.shape == ""
        assert second.marker.pattern.shape not in ("", None)

    def test_the_table_has_the_differences(self) -> None:
        table = self.chart().table
        assert list(table.columns) == ["Kind", "A: <i>a.csv</i>", "B: b.csv", "Difference"]
        assert table["Difference"].tolist()[0] == -1.5
        assert table["Difference"].isna().tolist() == [False, True]

    def test_the_legend_sits_under_the_title_where_a_long_axis_cannot_cut_it(self) -> None:
        layout = self.chart().figure.layout
        assert layout.legend.y >= 1.0
        assert layout.legend.yanchor == "bottom"
        assert layout.margin.t >= 100

    def test_shares_and_french_numbers_are_written_the_way_they_are_read(self) -> None:
        french = Words(**{**WORDS.__dict__, "separators": ", "})
        chart = paired_bars(
            ["a"],
            {"a": 0.25},
            {"a": 0.5},
            {},
            ("A", "B"),
            title="Shares",
            words=french,
            axis="Share",
            label_header="Set-up",
            tickformat=".0%",
            fmt=lambda v: f"{round(100 * v)} %",
        )
        assert chart.figure.layout.separators == ", "
        assert chart.figure.layout.xaxis.tickformat == ".0%"
        assert [list(bar.text) for bar in chart.figure.data] == [["25 %"], ["50 %"]]

    def test_the_alt_text_reads_both_values_of_each_row(self) -> None:
        assert self.chart().alt == (
            "Needs, A and B: Regulatory A: <i>a.csv</i> 2.5, B: b.csv 1; "
            "Patent A: <i>a.csv</i> –, B: b.csv 2."
        )
