"""Page placeholder: needs (being built)."""

from wizard.ui import nav_buttons, page_header

page_header("needs")
nav_buttons("needs")
