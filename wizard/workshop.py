"""Page: run a workshop. A facilitator opens one (and gets its join code, link, QR code, PIN
and admin link) or opens the controls of one with its PIN or admin link, then follows who
joined and sent their answers, chooses what the projector shows, exports the results and the
dashboard, and may delete the workshop. The sections are in :mod:`wizard.workshop_view`.
"""

from wizard import workshop_view
from wizard.knowledge import library_or_stop
from wizard.store import store_or_stop
from wizard.ui import page_header

lib = library_or_stop()
page_header("workshop")
store = store_or_stop()
workshop_view.page(store, lib)
