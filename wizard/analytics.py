"""Page: survey analytics for regional partners. Upload a survey file (CSV or Excel, one
respondent a row), score it with the self-assessment's engine, see needs, maturity and
recommended set-ups by region and by sector, compare it with another survey or with the
workshop the session runs, and export. Not a step of the self-assessment: anyone may open it.
The sections are in :mod:`wizard.analytics_view`; the work in :mod:`reports.survey_analytics`.
"""

from scoring.recommend import engine_for
from wizard import analytics_view
from wizard.knowledge import library_or_stop
from wizard.ui import page_header

lib = library_or_stop()
page_header("analytics")
analytics_view.page(lib, engine_for())
