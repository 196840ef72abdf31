"""The operator can inspect every record of a version in the site admin."""

import pytest
from django.urls import reverse

from pia_portal.reports import models as m
from tests.builders import full_version

pytestmark = pytest.mark.django_db


def test_the_operator_can_open_every_model_in_the_site_admin(admin_client, organisation):
    version = full_version(organisation, "zenkomoku")
    for model in (m.Report, m.Version, *m.CONTENT_MODELS):
        record = model.objects.filter(**({"report": version.report} if model is m.Version else {})).first()
        info = (model._meta.app_label, model._meta.model_name)
        assert admin_client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200, model.__name__
        change = admin_client.get(reverse("admin:%s_%s_change" % info, args=[record.pk]))
        assert change.status_code == 200, model.__name__
