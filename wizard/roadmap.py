"""Page: placeholder while the page is built (issue 5)."""

from wizard.knowledge import library_or_stop
from wizard.state import guard
from wizard.ui import nav_buttons, page_header

library_or_stop()
page_header("roadmap")
guard("roadmap")
nav_buttons("roadmap")
