"""Page placeholder: recommendation (being built)."""

from wizard.ui import nav_buttons, page_header

page_header("recommendation")
nav_buttons("recommendation")
