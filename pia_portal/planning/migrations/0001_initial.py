
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organisations', '0002_two_factor_for_admins'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Affair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=20, verbose_name='評価書番号')),
                ('name', models.CharField(max_length=300, verbose_name='事務の名称')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='事務の終了日')),
                ('published_outside_on', models.DateField(blank=True, help_text='このポータルを使う前に公表した評価書があれば、その最新の公表日。', null=True, verbose_name='ポータル外で公表した評価書の公表日')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新日時')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='affairs', to='organisations.organisation', verbose_name='評価実施機関')),
            ],
            options={
                'verbose_name': '事務',
                'verbose_name_plural': '事務',
                'ordering': ('organisation', 'number'),
            },
        ),
        migrations.CreateModel(
            name='AnnualReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewed_on', models.DateField(verbose_name='見直しの日')),
                ('outcome', models.CharField(choices=[('no_change', '見直した結果、変更なし'), ('change_needed', '見直した結果、評価書の変更が必要')], max_length=20, verbose_name='結果')),
                ('note', models.TextField(blank=True, verbose_name='メモ')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='記録日時')),
                ('affair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='planning.affair', verbose_name='事務')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='見直した人')),
            ],
            options={
                'verbose_name': '見直し',
                'verbose_name_plural': '見直し',
                'ordering': ('affair', '-reviewed_on', '-id'),
            },
        ),
        migrations.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64, unique=True, verbose_name='トークン')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='作成日時')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to='organisations.organisation', verbose_name='評価実施機関')),
            ],
            options={
                'verbose_name': '期限カレンダーの配信',
                'verbose_name_plural': '期限カレンダーの配信',
            },
        ),
        migrations.CreateModel(
            name='DutyReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('duty', models.CharField(max_length=30, verbose_name='義務')),
                ('due_on', models.DateField(verbose_name='期限')),
                ('stage', models.CharField(max_length=10, verbose_name='段階')),
                ('recipients', models.PositiveIntegerField(default=0, verbose_name='送信先の数')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='送信日時')),
                ('affair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='planning.affair', verbose_name='事務')),
            ],
            options={
                'verbose_name': 'リマインダー',
                'verbose_name_plural': 'リマインダー',
            },
        ),
        migrations.CreateModel(
            name='ThresholdAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject_band', models.CharField(choices=[('UNDER_1K', '1,000人未満(任意実施)'), ('FROM_1K_TO_10K', '1,000人以上1万人未満'), ('FROM_10K_TO_100K', '1万人以上10万人未満'), ('FROM_100K_TO_300K', '10万人以上30万人未満'), ('OVER_300K', '30万人以上')], max_length=30, verbose_name='対象人数')),
                ('subject_counted_on', models.DateField(verbose_name='対象人数の計数時点')),
                ('handlers', models.CharField(choices=[('OVER_500', '500人以上'), ('UNDER_500', '500人未満')], max_length=20, verbose_name='取扱者数')),
                ('handlers_counted_on', models.DateField(verbose_name='取扱者数の計数時点')),
                ('serious_incident', models.BooleanField(verbose_name='過去1年以内の重大事故')),
                ('incident_window_start', models.DateField(verbose_name='重大事故を確かめた期間の初日')),
                ('decided_on', models.DateField(verbose_name='判断日')),
                ('required', models.CharField(choices=[('none', '義務付けられない(任意実施)'), ('kiso', '基礎項目評価'), ('juten', '基礎項目評価及び重点項目評価'), ('zenkomoku', '基礎項目評価及び全項目評価')], max_length=20, verbose_name='判断結果')),
                ('rule', models.TextField(verbose_name='適用した規則')),
                ('rule_verified', models.BooleanField(default=True, verbose_name='規則の確認済み')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='記録日時')),
                ('affair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='thresholds', to='planning.affair', verbose_name='事務')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='判断者')),
            ],
            options={
                'verbose_name': 'しきい値判断',
                'verbose_name_plural': 'しきい値判断',
                'ordering': ('affair', '-decided_on', '-id'),
            },
        ),
        migrations.AddConstraint(
            model_name='affair',
            constraint=models.UniqueConstraint(fields=('organisation', 'number'), name='unique_affair_number_per_org'),
        ),
        migrations.AddConstraint(
            model_name='dutyreminder',
            constraint=models.UniqueConstraint(fields=('affair', 'duty', 'due_on', 'stage'), name='one_reminder_per_stage'),
        ),
    ]
