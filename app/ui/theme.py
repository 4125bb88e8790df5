"""Light and dark palettes, the View → Theme choice (System follows the OS), and contrast maths."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

__all__ = [
    "MODES",
    "Theme",
    "contrast_ratio",
    "dark_palette",
    "is_dark",
    "light_palette",
    "readable_on",
]

#: The choices View → Theme offers, in menu order.
MODES = ("system", "light", "dark")

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

# (role, light, dark). Text on Base and WindowText on Window are far above WCAG AA (4.5:1).
_COLOURS: tuple[tuple[QPalette.ColorRole, str, str], ...] = (
    (_Role.Window, "#efefef", "#2b2d31"),
    (_Role.WindowText, "#1a1a1a", "#e6e6e6"),
    (_Role.Base, "#ffffff", "#1e1f22"),
    (_Role.AlternateBase, "#f5f5f5", "#26282c"),
    (_Role.ToolTipBase, "#ffffdc", "#3a3d42"),
    (_Role.ToolTipText, "#1a1a1a", "#eeeeee"),
    (_Role.PlaceholderText, "#6b6b6b", "#9a9da3"),
    (_Role.Text, "#1a1a1a", "#e6e6e6"),
    (_Role.Button, "#e6e6e6", "#3a3d42"),
    (_Role.ButtonText, "#1a1a1a", "#e6e6e6"),
    (_Role.BrightText, "#ffffff", "#ffffff"),
    (_Role.Light, "#ffffff", "#4a4d53"),
    (_Role.Midlight, "#f2f2f2", "#404349"),
    (_Role.Mid, "#b8b8b8", "#303236"),
    (_Role.Dark, "#9f9f9f", "#202124"),
    (_Role.Shadow, "#767676", "#0e0e10"),
    (_Role.Highlight, "#3074c6", "#3d6fb4"),
    (_Role.HighlightedText, "#ffffff", "#ffffff"),
    (_Role.Link, "#0b57d0", "#8ab4f8"),
    (_Role.LinkVisited, "#6a3ab2", "#c58af9"),
    (_Role.Accent, "#3074c6", "#5b8fd6"),
)
# Disabled controls: dimmed text, still legible enough to read what is unavailable.
_DISABLED: tuple[tuple[QPalette.ColorRole, str, str], ...] = (
    (_Role.WindowText, "#8a8a8a", "#7d8087"),
    (_Role.Text, "#8a8a8a", "#7d8087"),
    (_Role.ButtonText, "#8a8a8a", "#7d8087"),
    (_Role.Highlight, "#a8a8a8", "#4a4d53"),
)


def _palette(dark: bool) -> QPalette:
    palette = QPalette()
    for role, light_colour, dark_colour in _COLOURS:
        palette.setColor(role, QColor(dark_colour if dark else light_colour))
    for role, light_colour, dark_colour in _DISABLED:
        palette.setColor(_Group.Disabled, role, QColor(dark_colour if dark else light_colour))
    return palette


def light_palette() -> QPalette:
    return _palette(dark=False)


def dark_palette() -> QPalette:
    return _palette(dark=True)


def is_dark(palette: QPalette) -> bool:
    """Whether `palette` draws light text on a dark window."""
    return palette.color(_Role.Window).lightnessF() < 0.5


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours, from 1 (same) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(colour: QColor, backdrop: QColor, minimum: float = 4.5) -> QColor:
    """`colour` made lighter or darker, keeping its hue, until it reaches `minimum` on `backdrop`.

    For text drawn in a category's colour (region names on the map) in either theme.
    """
    towards_white = _luminance(backdrop) < 0.18
    h, s, lightness, a = colour.getHslF()
    candidate = QColor(colour)
    for _ in range(40):
        if contrast_ratio(candidate, backdrop) >= minimum:
            return candidate
        lightness = min(1.0, lightness + 0.025) if towards_white else max(0.0, lightness - 0.025)
        candidate = QColor.fromHslF(max(h, 0.0), s, lightness, a)
    return QColor("#ffffff" if towards_white else "#000000")


def system_scheme() -> Qt.ColorScheme:
    """The colour scheme the OS asks for (Unknown where the platform does not say)."""
    return QGuiApplication.styleHints().colorScheme()


class Theme(QObject):
    """The application's palette. Emits `applied(dark)` after every change of palette.

    The choice is kept in `settings` under "theme". "system" follows the OS's colour scheme
    and changes with it; where the OS does not say, it is light.
    """

    applied = Signal(bool)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        mode = str(settings.value("theme", "system"))
        self.mode = mode if mode in MODES else "system"
        self.dark = False
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    def set_mode(self, mode: str) -> None:
        """Choose "system", "light" or "dark", remember it and repaint everything."""
        if mode not in MODES:
            raise ValueError(f"unknown theme {mode!r}")
        self.mode = mode
        self.settings.setValue("theme", mode)
        self.apply()

    def apply(self, scheme: Qt.ColorScheme | None = None) -> None:
        if self.mode == "system":
            dark = (scheme if scheme is not None else system_scheme()) == Qt.ColorScheme.Dark
        else:
            dark = self.mode == "dark"
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Fusion draws every control from the palette; native styles on Windows and
            # macOS ignore parts of it and would leave light patches in a dark window.
            if app.style().name().lower() != "fusion":
                app.setStyle("Fusion")
            app.setPalette(dark_palette() if dark else light_palette())
        self.dark = dark
        self.applied.emit(dark)

    def palette(self) -> QPalette:
        return dark_palette() if self.dark else light_palette()

    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            self.apply(scheme)
