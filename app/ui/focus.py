"""What the graph shows: the category filter and the local graph around the selected concept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.graph import neighbourhood
from app.core.radial import radial_layout
from app.ui.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QTransform

    from app.ui.main_window import MainWindow

__all__ = ["GraphFocus"]


class GraphFocus:
    """Hides categories and lays the local graph out; the toolbar's controls drive it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.hidden_categories: set[str] = set()
        # The whole graph's zoom and centre while the local graph is on, to come back to.
        self._saved_view: tuple[QTransform, QPointF] | None = None
        window.local_toggle.toggled.connect(self._on_local_toggled)
        window.depth_box.valueChanged.connect(self._on_depth_changed)

    # -- categories --------------------------------------------------------------------

    def fill_category_menu(self) -> None:
        """One check box per category (the menu stays open while ticking several); the legend
        lists only the ticked ones."""
        from app.ui.sticky_menu import keep_open_on_toggle

        window = self.window
        window.category_menu.clear()
        keep_open_on_toggle(window.category_menu)
        for category in window.categories.values():
            action = window.category_menu.addAction(category.title.get(window.lang))
            action.setCheckable(True)
            action.setChecked(category.id not in self.hidden_categories)
            action.setData(category.id)
            action.toggled.connect(lambda on, cid=category.id: self.set_category_visible(cid, on))
            action.toggled.connect(lambda _on: window.legend.set_hidden(self.hidden_categories))
        if window.categories:
            window.category_menu.addSeparator()
            window.category_menu.addAction(tr("show_all", window.lang), self._show_all_categories)
        window.legend.set_hidden(self.hidden_categories)

    def set_category_visible(self, category_id: str, visible: bool) -> None:
        if visible:
            self.hidden_categories.discard(category_id)
        else:
            self.hidden_categories.add(category_id)
        self.apply()

    def _show_all_categories(self) -> None:
        self.hidden_categories.clear()
        self.fill_category_menu()
        self.apply()

    # -- what is shown, and where ------------------------------------------------------

    @property
    def local(self) -> bool:
        return self.window.local_toggle.isChecked()

    def visible_ids(self) -> set[str] | None:
        """The concepts the filters let through (None: all of them)."""
        window = self.window
        shown: set[str] | None = None
        if self.hidden_categories:
            shown = {
                n
                for n, d in window.graph.nodes(data=True)
                if d["category"] not in self.hidden_categories
            }
        selected = window.scene.selected
        if self.local and selected:
            local = neighbourhood(window.graph, selected, window.depth_box.value())
            shown = local if shown is None else (shown & local) | {selected}
        return shown

    def apply(self) -> None:
        shown = self.visible_ids()
        self.window.scene.set_shown(shown)
        self._arrange(shown)

    def refocus(self) -> None:
        """After the selection or depth changed in the local graph: lay out and fit again."""
        self.apply()
        self.window.view.fit_all()  # the new neighbourhood, where it is settling

    def _arrange(self, shown: set[str] | None) -> None:
        """Lay the local graph out around the selected concept, or put every concept back.

        Back means where each stood in the whole graph, where the user dragged it too.
        """
        scene = self.window.scene
        selected = scene.selected
        if not (self.local and selected and shown):
            if scene.home:
                scene.go_home()
            return
        # The selected concept stays where it is and the rest gather round it.
        centre = scene.nodes[selected].pos()
        # Room for the names of the selected concept's neighbours; the rest stay compact.
        named = scene.neighbours.get(selected, set()) | {selected}
        boxes = scene.label_boxes(shown, named)
        layout = radial_layout(self.window.graph, selected, shown, boxes)
        scene.arrange({c: (centre.x() + x, centre.y() + y) for c, (x, y) in layout.items()})

    # -- the toolbar's local graph controls --------------------------------------------

    def _on_local_toggled(self, on: bool) -> None:
        view = self.window.view
        if on:
            self._saved_view = (view.transform(), view.mapToScene(view.viewport().rect().center()))
            self.refocus()
            return
        self.apply()
        if self._saved_view is not None:
            view.restore(*self._saved_view)
            self._saved_view = None

    def _on_depth_changed(self, depth: int) -> None:
        self.window.settings.setValue("local_depth", depth)
        if self.local:
            self.refocus()
