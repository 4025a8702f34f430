"""Page: placeholder while the page is built (issue 5)."""

from wizard.knowledge import library_or_stop
from wizard.state import guard
from wizard.ui import nav_buttons, page_header

library_or_stop()
page_header("guide_book")
guard("guide_book")
nav_buttons("guide_book")
