"""Page: placeholder while the page is built (issue 6)."""

from wizard.knowledge import library_or_stop
from wizard.ui import page_header

library_or_stop()
page_header("projector")
