"""Page placeholder: welcome (being built)."""

from wizard.ui import nav_buttons, page_header

page_header("welcome")
nav_buttons("welcome")
