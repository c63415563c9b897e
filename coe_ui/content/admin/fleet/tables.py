from coe_ui.content.admin.projects import ProjectColumn
from coe_ui.content.fleet import tables as project_tables


class FleetProjectColumn(ProjectColumn):
    """The project's name (the page's names, read once), else its ID."""

    def get_raw_data(self, row):
        project_id = row.cluster.project_id
        return self.table.project_names.get(project_id) or project_id or "-"


class AdminFleetTable(project_tables.FleetTable):
    detail_url = "horizon:admin:clusters:detail"
    project = FleetProjectColumn()
    project_names = {}  # {project ID: name}, set by the index view

    class Meta(project_tables.FleetTable.Meta):
        columns = ("region", "name", "project", "version", "template", "template_state",
                   "upgrade", "health", "age", "owner")
