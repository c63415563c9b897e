# devcloud only: its stand-in has no Nova servers, so land on coe-ui's
# Clusters panel instead of Project > Compute > Overview.
PANEL_DASHBOARD = 'project'
PANEL = 'clusters'
DEFAULT_PANEL = 'clusters'
