"""The operator's check-up: every source read at the same time, then the
pure checks in coe_backend.rules.checkup. A source that cannot be read
becomes a finding ("could not check ...") and its checks are skipped."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from coe_backend.client.planning import PlanningOperations
from coe_backend.errors import CoeError
from coe_backend.i18n import _
from coe_backend.models import ClusterTemplate
from coe_backend.rules import checkup


class CheckupOperations(PlanningOperations):
    def checkup(self) -> list[checkup.Finding]:
        """Findings about the public templates, Magnum's services, the API
        version and the quotas, problems first."""
        reads = {
            _("the cluster templates"): self._public_templates,
            _("the images"): self.list_images,
            _("the flavors"): self.list_flavors,
            _("the networks"): self.list_networks,
            _("Magnum's services"): self.list_services,
        }
        with ThreadPoolExecutor(max_workers=len(reads)) as pool:
            futures = [(what, pool.submit(read)) for what, read in reads.items()]
        results, findings = [], []
        for what, future in futures:
            try:
                results.append(future.result())
            except CoeError as error:
                results.append(None)
                findings.append(checkup.unchecked(what, error.message))
        templates, images, flavors, networks, services = results
        if templates is not None and None not in (images, flavors, networks):
            findings += checkup.template_findings(templates, images, flavors, networks)
        if services is not None:
            findings += checkup.service_findings(services)
        try:
            findings += checkup.api_version_findings(self._magnum.api_version)
            if templates:
                # The first public template stands for "a default cluster".
                findings += checkup.quota_findings(
                    templates[0], self.preflight(templates[0], {}, flavors=flavors or ()))
        except CoeError as error:
            findings.append(checkup.unchecked(_("Magnum"), error.message))
        return sorted(findings, key=lambda finding: finding.severity)

    def _public_templates(self) -> list[ClusterTemplate]:
        return [template for template in self._every_template() if template.public]
