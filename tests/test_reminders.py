"""Reminders of the duties through the real beat schedule and the real worker: given a 事務 whose
annual review is overdue, when celery beat fires the reminder task, then the organisation's 管理者
and authors get one e-mail, and the same stage is never sent twice."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from email import message_from_bytes, policy

import pytest
from django.utils import timezone

from pia_portal.organisations.models import Role
from pia_portal.planning import services
from pia_portal.planning.models import DutyReminder

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _mails(mail_dir) -> list:
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(mail_dir.glob("*.log"))]


def _wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError("not within the time allowed")


def test_beat_and_worker_remind_once_per_stage(celery_worker_process, worker_env, mail_dir, organisation, make_person, tmp_path):
    admin = make_person("kanri", organisation, Role.ADMIN)
    author = make_person("sakusei", organisation, Role.AUTHOR)
    make_person("shinsa", organisation, Role.REVIEWER)  # reviewers are not reminded
    for person in (admin, author):
        person.email = f"{person.username}@example.jp"
        person.save()
    services.create_affair(organisation, number="5", name="国民健康保険に関する事務", actor=admin,
                           published_outside_on=timezone.localdate() - dt.timedelta(days=400))
    before = len(_mails(mail_dir))

    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pia_portal", "beat", "--loglevel", "warning",
         "--schedule", str(tmp_path / "beat-schedule"), "--max-interval", "1"],
        env=dict(worker_env, DUTY_REMINDERS_EVERY_SECONDS="1"), cwd=ROOT,
    )
    try:
        _wait_for(lambda: len(_mails(mail_dir)) > before)
        time.sleep(4)  # several more beats: nothing new is sent
    finally:
        beat.terminate()
        beat.wait(timeout=20)

    mails = _mails(mail_dir)[before:]
    assert len(mails) == 1
    mail = mails[0]
    assert sorted(a.strip() for a in mail["To"].split(",")) == ["kanri@example.jp", "sakusei@example.jp"]
    body = mail.get_content()
    assert "国民健康保険に関する事務" in body and "評価書の見直し" in body and "期限を" in body
    assert list(DutyReminder.objects.values_list("duty", "stage")) == [("review", "overdue")]
