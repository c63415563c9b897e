"""How a Nova flavor is named in every wizard's flavor choices."""
from django.utils.translation import gettext as _


def flavor_label(flavor):
    """Like "m1.medium (2 vCPU, 4 GiB RAM, 40 GB disk)": RAM in GiB as the quota
    check on Review counts it (Nova counts MiB), disks in GB as Nova does."""
    sizes = {"name": flavor.name, "vcpus": flavor.vcpus, "ram": f"{flavor.ram / 1024:g}",
             "disk": flavor.disk}
    if flavor.disk:
        return _("%(name)s (%(vcpus)s vCPU, %(ram)s GiB RAM, %(disk)s GB disk)") % sizes
    return _("%(name)s (%(vcpus)s vCPU, %(ram)s GiB RAM, no root disk: needs a boot "
             "volume)") % sizes
