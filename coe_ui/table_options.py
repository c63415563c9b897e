"""What every coe-ui table renders beyond Horizon's defaults; each table's
``Meta`` inherits it.

* ``coe-table``: the class coe_ui.js and coe_ui.scss know coe-ui's tables by
  (Horizon's pages and other plugins' tables are left as they are).
* Row actions whose menu toggle is a named button (Horizon's is a bare caret,
  which a screen reader announces as an unnamed link). Overriding Horizon's
  horizon/common/_data_table_row_actions_dropdown.html would change every
  table of every panel (coe_ui comes first in INSTALLED_APPS), so coe-ui's
  tables name their own template instead.
"""


class TableOptions:
    css_classes = "coe-table"
    row_actions_dropdown_template = "project/clusters/_row_actions.html"
