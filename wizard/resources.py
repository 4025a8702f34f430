"""Page placeholder: resources (being built)."""

from wizard.ui import nav_buttons, page_header

page_header("resources")
nav_buttons("resources")
