"""The user list's own behaviour in the browser (seed steps 6, 12, 19): search and
restart, sort by display name, « Incl. désactivé »."""

from portal import StepFailed


def display_names(g):
    return [" ".join(n.split(" ")[:2]) for n in g.names()]


def search_and_restart(g, text, expected):
    g.type("Texte", text)
    g.press("Chercher")
    names = g.names()
    if len(names) != 1 or expected not in names[0]:
        raise StepFailed("search for %r listed %s" % (text, names))
    g.shot("search")
    g.press("Redémarrer la recherche")
    if len(g.names()) < 3:
        raise StepFailed("after « Redémarrer la recherche »: %s" % g.names())


def sort_down(g):
    """Clicking « Nom d'affichage » turns the order (the arrow is in its own span)."""
    first = display_names(g)
    header = next(a for th in g.users_table().find_elements("css selector", "thead th")
                  if g.norm(th.text).startswith("Nom d'affichage")
                  for a in th.find_elements("css selector", "a, button"))
    old = g.d.find_element("tag name", "html")
    header.click()
    g.settle(old)
    flipped = display_names(g)
    if flipped != sorted(first, reverse=True) or first != sorted(first):
        raise StepFailed("sort did not turn: %s → %s" % (first, flipped))
    g.shot("sorted-down")


def incl_disabled(g, name):
    """« Incl. désactivé » + « Chercher »: the deactivated person is listed, « Désactivé » ticked."""
    g.tick("Incl. désactivé")
    g.press("Chercher")
    row = g.row_element(name)
    ticks = [b.is_selected() for b in row.find_elements("css selector", "td input[type=checkbox]")]
    if "Oui" not in row.text and True not in ticks[1:] and "✓" not in row.text:
        raise StepFailed("%s's row does not show « Désactivé »: %r %s" % (name, row.text, ticks))
    g.shot("users-incl-disabled")


def check_columns(g, columns, admin_name, admin_email):
    cols = [c for c in g.columns() if c]
    if cols != columns:
        raise StepFailed("columns %s, the guide's are %s" % (cols, columns))
    row = g.row_element(admin_name).text
    if admin_email not in row or "Administrateur connect" not in row:
        raise StepFailed("%s's row: %s" % (admin_name, row))
