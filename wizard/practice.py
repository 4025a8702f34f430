"""Page placeholder: practice (being built)."""

from wizard.ui import nav_buttons, page_header

page_header("practice")
nav_buttons("practice")
