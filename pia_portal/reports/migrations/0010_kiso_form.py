
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0002_two_factor_for_admins'),
        ('planning', '0001_initial'),
        ('reports', '0009_report_affair_required'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='basicinfo',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='basicinfo',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='basicinfo',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='otherriskmeasures',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='otherriskmeasures',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='otherriskmeasures',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='procedure',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='procedure',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='procedure',
            name='delete_delete',
        ),
        migrations.RemoveConstraint(
            model_name='report',
            name='unique_number_per_org',
        ),
        migrations.AddField(
            model_name='basicinfo',
            name='kiso_inquiry_contact',
            field=models.TextField(blank=True, default='', verbose_name='連絡先'),
        ),
        migrations.AddField(
            model_name='basicinfo',
            name='kiso_request_to',
            field=models.TextField(blank=True, default='', verbose_name='請求先'),
        ),
        migrations.AddField(
            model_name='basicinfo',
            name='system_names',
            field=models.TextField(blank=True, default='', help_text='使用するシステムを番号付きで列挙します(例: 1. 児童手当システム)。', verbose_name='システムの名称'),
        ),
        migrations.AddField(
            model_name='basicinfoevent',
            name='kiso_inquiry_contact',
            field=models.TextField(blank=True, default='', verbose_name='連絡先'),
        ),
        migrations.AddField(
            model_name='basicinfoevent',
            name='kiso_request_to',
            field=models.TextField(blank=True, default='', verbose_name='請求先'),
        ),
        migrations.AddField(
            model_name='basicinfoevent',
            name='system_names',
            field=models.TextField(blank=True, default='', help_text='使用するシステムを番号付きで列挙します(例: 1. 児童手当システム)。', verbose_name='システムの名称'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_acq_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='目的外の入手が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_audits',
            field=models.JSONField(blank=True, default=dict, verbose_name='実施の有無'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_education',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れて行っている'), ('SUFFICIENT', '十分に行っている'), ('INSUFFICIENT', '十分に行っていない')], default='', max_length=64, verbose_name='従業者に対する教育・啓発'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_full_evaluation',
            field=models.BooleanField(default=False, verbose_name='全項目評価又は重点項目評価を実施する'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_linking_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_manual_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='人為的ミスが発生するリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_manual_grounds',
            field=models.TextField(blank=True, default='', verbose_name='判断の根拠'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_no_manual_work',
            field=models.BooleanField(default=False, verbose_name='人手を介在させる作業はない'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_no_outsourcing',
            field=models.BooleanField(default=False, verbose_name='委託しない'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_no_provision',
            field=models.BooleanField(default=False, verbose_name='提供・移転しない'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_nws_acq_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='目的外の入手が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_nws_no_acquisition',
            field=models.BooleanField(default=False, verbose_name='接続しない(入手)'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_nws_no_provision',
            field=models.BooleanField(default=False, verbose_name='接続しない(提供)'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_nws_prov_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='不正な提供が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_outs_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='委託先における不正な使用等のリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_priority',
            field=models.CharField(blank=True, choices=[('ACQUISITION', '目的外の入手が行われるリスクへの対策'), ('LINKING', '目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策'), ('UNAUTHORISED_USE', '権限のない者によって不正に使用されるリスクへの対策'), ('OUTSOURCING', '委託先における不正な使用等のリスクへの対策'), ('PROVISION', '不正な提供・移転が行われるリスクへの対策(委託や情報提供ネットワークシステムを通じた提供を除く。)'), ('NWS_ACQUISITION', '情報提供ネットワークシステムを通じて目的外の入手が行われるリスクへの対策'), ('NWS_PROVISION', '情報提供ネットワークシステムを通じて不正な提供が行われるリスクへの対策'), ('STORAGE', '特定個人情報の漏えい・滅失・毀損リスクへの対策'), ('EDUCATION', '従業者に対する教育・啓発')], default='', max_length=64, verbose_name='最も優先度が高いと考えられる対策'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_priority_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='当該対策は十分か【再掲】'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_priority_grounds',
            field=models.TextField(blank=True, default='', verbose_name='判断の根拠'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_pt_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='不正な提供・移転が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_store_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='特定個人情報の漏えい・滅失・毀損リスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_submitted_kinds',
            field=models.CharField(blank=True, choices=[('KISO', '基礎項目評価書'), ('KISO_JUTEN', '基礎項目評価書及び重点項目評価書'), ('KISO_ZENKOMOKU', '基礎項目評価書及び全項目評価書')], default='', max_length=64, verbose_name='提出する特定個人情報保護評価書の種類'),
        ),
        migrations.AddField(
            model_name='otherriskmeasures',
            name='kiso_use_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_acq_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='目的外の入手が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_audits',
            field=models.JSONField(blank=True, default=dict, verbose_name='実施の有無'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_education',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れて行っている'), ('SUFFICIENT', '十分に行っている'), ('INSUFFICIENT', '十分に行っていない')], default='', max_length=64, verbose_name='従業者に対する教育・啓発'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_full_evaluation',
            field=models.BooleanField(default=False, verbose_name='全項目評価又は重点項目評価を実施する'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_linking_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_manual_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='人為的ミスが発生するリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_manual_grounds',
            field=models.TextField(blank=True, default='', verbose_name='判断の根拠'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_no_manual_work',
            field=models.BooleanField(default=False, verbose_name='人手を介在させる作業はない'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_no_outsourcing',
            field=models.BooleanField(default=False, verbose_name='委託しない'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_no_provision',
            field=models.BooleanField(default=False, verbose_name='提供・移転しない'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_nws_acq_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='目的外の入手が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_nws_no_acquisition',
            field=models.BooleanField(default=False, verbose_name='接続しない(入手)'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_nws_no_provision',
            field=models.BooleanField(default=False, verbose_name='接続しない(提供)'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_nws_prov_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='不正な提供が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_outs_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='委託先における不正な使用等のリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_priority',
            field=models.CharField(blank=True, choices=[('ACQUISITION', '目的外の入手が行われるリスクへの対策'), ('LINKING', '目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策'), ('UNAUTHORISED_USE', '権限のない者によって不正に使用されるリスクへの対策'), ('OUTSOURCING', '委託先における不正な使用等のリスクへの対策'), ('PROVISION', '不正な提供・移転が行われるリスクへの対策(委託や情報提供ネットワークシステムを通じた提供を除く。)'), ('NWS_ACQUISITION', '情報提供ネットワークシステムを通じて目的外の入手が行われるリスクへの対策'), ('NWS_PROVISION', '情報提供ネットワークシステムを通じて不正な提供が行われるリスクへの対策'), ('STORAGE', '特定個人情報の漏えい・滅失・毀損リスクへの対策'), ('EDUCATION', '従業者に対する教育・啓発')], default='', max_length=64, verbose_name='最も優先度が高いと考えられる対策'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_priority_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='当該対策は十分か【再掲】'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_priority_grounds',
            field=models.TextField(blank=True, default='', verbose_name='判断の根拠'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_pt_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='不正な提供・移転が行われるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_store_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='特定個人情報の漏えい・滅失・毀損リスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_submitted_kinds',
            field=models.CharField(blank=True, choices=[('KISO', '基礎項目評価書'), ('KISO_JUTEN', '基礎項目評価書及び重点項目評価書'), ('KISO_ZENKOMOKU', '基礎項目評価書及び全項目評価書')], default='', max_length=64, verbose_name='提出する特定個人情報保護評価書の種類'),
        ),
        migrations.AddField(
            model_name='otherriskmeasuresevent',
            name='kiso_use_adequacy',
            field=models.CharField(blank=True, choices=[('SPECIAL_EFFORT', '特に力を入れている'), ('SUFFICIENT', '十分である'), ('ISSUES_REMAIN', '課題が残されている')], default='', max_length=64, verbose_name='権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_handlers',
            field=models.CharField(blank=True, choices=[('OVER_500', '500人以上'), ('UNDER_500', '500人未満')], default='', help_text='計画管理書のしきい値判断から記載されます。', max_length=64, verbose_name='特定個人情報ファイル取扱者数は500人以上か'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_handlers_counted_on',
            field=models.DateField(blank=True, null=True, verbose_name='いつ時点の計数か'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_handlers_counted_on_note',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='いつ時点の計数か(注記)'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_handlers_counted_on_precision',
            field=models.CharField(choices=[('day', '日'), ('month', '月')], default='day', max_length=5, verbose_name='いつ時点の計数か(精度)'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_incident',
            field=models.CharField(blank=True, choices=[('OCCURRED', '発生あり'), ('NONE', '発生なし')], default='', max_length=64, verbose_name='過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_result_kiso',
            field=models.CharField(blank=True, choices=[('KISO_AND_ZENKOMOKU_REQUIRED', '基礎項目評価及び全項目評価の実施が義務付けられる'), ('KISO_AND_JUTEN_REQUIRED', '基礎項目評価及び重点項目評価の実施が義務付けられる'), ('KISO_REQUIRED', '基礎項目評価の実施が義務付けられる'), ('NOT_REQUIRED', '特定個人情報保護評価の実施が義務付けられない')], default='', max_length=64, verbose_name='しきい値判断結果'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_subject_band',
            field=models.CharField(blank=True, choices=[('UNDER_1K', '1,000人未満(任意実施)'), ('FROM_1K_TO_10K', '1,000人以上1万人未満'), ('FROM_10K_TO_100K', '1万人以上10万人未満'), ('FROM_100K_TO_300K', '10万人以上30万人未満'), ('OVER_300K', '30万人以上')], default='', help_text='計画管理書のしきい値判断から記載されます。', max_length=64, verbose_name='評価対象の事務の対象人数は何人か'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_subject_counted_on',
            field=models.DateField(blank=True, null=True, verbose_name='いつ時点の計数か'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_subject_counted_on_note',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='いつ時点の計数か(注記)'),
        ),
        migrations.AddField(
            model_name='procedure',
            name='threshold_subject_counted_on_precision',
            field=models.CharField(choices=[('day', '日'), ('month', '月')], default='day', max_length=5, verbose_name='いつ時点の計数か(精度)'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_handlers',
            field=models.CharField(blank=True, choices=[('OVER_500', '500人以上'), ('UNDER_500', '500人未満')], default='', help_text='計画管理書のしきい値判断から記載されます。', max_length=64, verbose_name='特定個人情報ファイル取扱者数は500人以上か'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_handlers_counted_on',
            field=models.DateField(blank=True, null=True, verbose_name='いつ時点の計数か'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_handlers_counted_on_note',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='いつ時点の計数か(注記)'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_handlers_counted_on_precision',
            field=models.CharField(choices=[('day', '日'), ('month', '月')], default='day', max_length=5, verbose_name='いつ時点の計数か(精度)'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_incident',
            field=models.CharField(blank=True, choices=[('OCCURRED', '発生あり'), ('NONE', '発生なし')], default='', max_length=64, verbose_name='過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_result_kiso',
            field=models.CharField(blank=True, choices=[('KISO_AND_ZENKOMOKU_REQUIRED', '基礎項目評価及び全項目評価の実施が義務付けられる'), ('KISO_AND_JUTEN_REQUIRED', '基礎項目評価及び重点項目評価の実施が義務付けられる'), ('KISO_REQUIRED', '基礎項目評価の実施が義務付けられる'), ('NOT_REQUIRED', '特定個人情報保護評価の実施が義務付けられない')], default='', max_length=64, verbose_name='しきい値判断結果'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_subject_band',
            field=models.CharField(blank=True, choices=[('UNDER_1K', '1,000人未満(任意実施)'), ('FROM_1K_TO_10K', '1,000人以上1万人未満'), ('FROM_10K_TO_100K', '1万人以上10万人未満'), ('FROM_100K_TO_300K', '10万人以上30万人未満'), ('OVER_300K', '30万人以上')], default='', help_text='計画管理書のしきい値判断から記載されます。', max_length=64, verbose_name='評価対象の事務の対象人数は何人か'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_subject_counted_on',
            field=models.DateField(blank=True, null=True, verbose_name='いつ時点の計数か'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_subject_counted_on_note',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='いつ時点の計数か(注記)'),
        ),
        migrations.AddField(
            model_name='procedureevent',
            name='threshold_subject_counted_on_precision',
            field=models.CharField(choices=[('day', '日'), ('month', '月')], default='day', max_length=5, verbose_name='いつ時点の計数か(精度)'),
        ),
        migrations.AlterField(
            model_name='report',
            name='kind',
            field=models.CharField(choices=[('juten', '重点項目評価書'), ('zenkomoku', '全項目評価書'), ('kiso', '基礎項目評価書')], max_length=20, verbose_name='評価書の種類'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='kind',
            field=models.CharField(choices=[('juten', '重点項目評価書'), ('zenkomoku', '全項目評価書'), ('kiso', '基礎項目評価書')], max_length=20, verbose_name='評価書の種類'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='basicinfo',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_basicinfoevent" ("affair_description", "affair_name", "benefits", "department", "department_head", "file_names", "id", "kiso_inquiry_contact", "kiso_request_to", "mynumber_legal_basis", "necessity", "nws_legal_basis", "nws_linkage", "other_bodies", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "system_names", "target_population", "uid", "version_id") VALUES (NEW."affair_description", NEW."affair_name", NEW."benefits", NEW."department", NEW."department_head", NEW."file_names", NEW."id", NEW."kiso_inquiry_contact", NEW."kiso_request_to", NEW."mynumber_legal_basis", NEW."necessity", NEW."nws_legal_basis", NEW."nws_linkage", NEW."other_bodies", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."system_names", NEW."target_population", NEW."uid", NEW."version_id"); RETURN NULL;', hash='ed5afeceaf7cbae2058b736a541dd08b2ea73162', operation='INSERT', pgid='pgtrigger_insert_insert_86a29', table='reports_basicinfo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='basicinfo',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "reports_basicinfoevent" ("affair_description", "affair_name", "benefits", "department", "department_head", "file_names", "id", "kiso_inquiry_contact", "kiso_request_to", "mynumber_legal_basis", "necessity", "nws_legal_basis", "nws_linkage", "other_bodies", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "system_names", "target_population", "uid", "version_id") VALUES (NEW."affair_description", NEW."affair_name", NEW."benefits", NEW."department", NEW."department_head", NEW."file_names", NEW."id", NEW."kiso_inquiry_contact", NEW."kiso_request_to", NEW."mynumber_legal_basis", NEW."necessity", NEW."nws_legal_basis", NEW."nws_linkage", NEW."other_bodies", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."system_names", NEW."target_population", NEW."uid", NEW."version_id"); RETURN NULL;', hash='9787384586f08b20a30285af705870daed43eec9', operation='UPDATE', pgid='pgtrigger_update_update_23f3a', table='reports_basicinfo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='basicinfo',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_basicinfoevent" ("affair_description", "affair_name", "benefits", "department", "department_head", "file_names", "id", "kiso_inquiry_contact", "kiso_request_to", "mynumber_legal_basis", "necessity", "nws_legal_basis", "nws_linkage", "other_bodies", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "system_names", "target_population", "uid", "version_id") VALUES (OLD."affair_description", OLD."affair_name", OLD."benefits", OLD."department", OLD."department_head", OLD."file_names", OLD."id", OLD."kiso_inquiry_contact", OLD."kiso_request_to", OLD."mynumber_legal_basis", OLD."necessity", OLD."nws_legal_basis", OLD."nws_linkage", OLD."other_bodies", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."system_names", OLD."target_population", OLD."uid", OLD."version_id"); RETURN NULL;', hash='ed5ec00f4528f30648f8cd347fdbb848ac66cb62', operation='DELETE', pgid='pgtrigger_delete_delete_36acd', table='reports_basicinfo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='otherriskmeasures',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_otherriskmeasuresevent" ("audit", "audit_detail", "id", "kiso_acq_adequacy", "kiso_audits", "kiso_education", "kiso_full_evaluation", "kiso_linking_adequacy", "kiso_manual_adequacy", "kiso_manual_grounds", "kiso_no_manual_work", "kiso_no_outsourcing", "kiso_no_provision", "kiso_nws_acq_adequacy", "kiso_nws_no_acquisition", "kiso_nws_no_provision", "kiso_nws_prov_adequacy", "kiso_outs_adequacy", "kiso_priority", "kiso_priority_adequacy", "kiso_priority_grounds", "kiso_pt_adequacy", "kiso_store_adequacy", "kiso_submitted_kinds", "kiso_use_adequacy", "other_measures", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "self_check", "self_check_method", "staff_education", "staff_education_method", "uid", "version_id") VALUES (NEW."audit", NEW."audit_detail", NEW."id", NEW."kiso_acq_adequacy", NEW."kiso_audits", NEW."kiso_education", NEW."kiso_full_evaluation", NEW."kiso_linking_adequacy", NEW."kiso_manual_adequacy", NEW."kiso_manual_grounds", NEW."kiso_no_manual_work", NEW."kiso_no_outsourcing", NEW."kiso_no_provision", NEW."kiso_nws_acq_adequacy", NEW."kiso_nws_no_acquisition", NEW."kiso_nws_no_provision", NEW."kiso_nws_prov_adequacy", NEW."kiso_outs_adequacy", NEW."kiso_priority", NEW."kiso_priority_adequacy", NEW."kiso_priority_grounds", NEW."kiso_pt_adequacy", NEW."kiso_store_adequacy", NEW."kiso_submitted_kinds", NEW."kiso_use_adequacy", NEW."other_measures", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."self_check", NEW."self_check_method", NEW."staff_education", NEW."staff_education_method", NEW."uid", NEW."version_id"); RETURN NULL;', hash='9c248d13042007688abfb5ced03e04bfbaa6570e', operation='INSERT', pgid='pgtrigger_insert_insert_5c27c', table='reports_otherriskmeasures', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='otherriskmeasures',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "reports_otherriskmeasuresevent" ("audit", "audit_detail", "id", "kiso_acq_adequacy", "kiso_audits", "kiso_education", "kiso_full_evaluation", "kiso_linking_adequacy", "kiso_manual_adequacy", "kiso_manual_grounds", "kiso_no_manual_work", "kiso_no_outsourcing", "kiso_no_provision", "kiso_nws_acq_adequacy", "kiso_nws_no_acquisition", "kiso_nws_no_provision", "kiso_nws_prov_adequacy", "kiso_outs_adequacy", "kiso_priority", "kiso_priority_adequacy", "kiso_priority_grounds", "kiso_pt_adequacy", "kiso_store_adequacy", "kiso_submitted_kinds", "kiso_use_adequacy", "other_measures", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "self_check", "self_check_method", "staff_education", "staff_education_method", "uid", "version_id") VALUES (NEW."audit", NEW."audit_detail", NEW."id", NEW."kiso_acq_adequacy", NEW."kiso_audits", NEW."kiso_education", NEW."kiso_full_evaluation", NEW."kiso_linking_adequacy", NEW."kiso_manual_adequacy", NEW."kiso_manual_grounds", NEW."kiso_no_manual_work", NEW."kiso_no_outsourcing", NEW."kiso_no_provision", NEW."kiso_nws_acq_adequacy", NEW."kiso_nws_no_acquisition", NEW."kiso_nws_no_provision", NEW."kiso_nws_prov_adequacy", NEW."kiso_outs_adequacy", NEW."kiso_priority", NEW."kiso_priority_adequacy", NEW."kiso_priority_grounds", NEW."kiso_pt_adequacy", NEW."kiso_store_adequacy", NEW."kiso_submitted_kinds", NEW."kiso_use_adequacy", NEW."other_measures", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."self_check", NEW."self_check_method", NEW."staff_education", NEW."staff_education_method", NEW."uid", NEW."version_id"); RETURN NULL;', hash='316bf8f28b8075d1752726af6682e91639f2cb83', operation='UPDATE', pgid='pgtrigger_update_update_fca62', table='reports_otherriskmeasures', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='otherriskmeasures',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_otherriskmeasuresevent" ("audit", "audit_detail", "id", "kiso_acq_adequacy", "kiso_audits", "kiso_education", "kiso_full_evaluation", "kiso_linking_adequacy", "kiso_manual_adequacy", "kiso_manual_grounds", "kiso_no_manual_work", "kiso_no_outsourcing", "kiso_no_provision", "kiso_nws_acq_adequacy", "kiso_nws_no_acquisition", "kiso_nws_no_provision", "kiso_nws_prov_adequacy", "kiso_outs_adequacy", "kiso_priority", "kiso_priority_adequacy", "kiso_priority_grounds", "kiso_pt_adequacy", "kiso_store_adequacy", "kiso_submitted_kinds", "kiso_use_adequacy", "other_measures", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "self_check", "self_check_method", "staff_education", "staff_education_method", "uid", "version_id") VALUES (OLD."audit", OLD."audit_detail", OLD."id", OLD."kiso_acq_adequacy", OLD."kiso_audits", OLD."kiso_education", OLD."kiso_full_evaluation", OLD."kiso_linking_adequacy", OLD."kiso_manual_adequacy", OLD."kiso_manual_grounds", OLD."kiso_no_manual_work", OLD."kiso_no_outsourcing", OLD."kiso_no_provision", OLD."kiso_nws_acq_adequacy", OLD."kiso_nws_no_acquisition", OLD."kiso_nws_no_provision", OLD."kiso_nws_prov_adequacy", OLD."kiso_outs_adequacy", OLD."kiso_priority", OLD."kiso_priority_adequacy", OLD."kiso_priority_grounds", OLD."kiso_pt_adequacy", OLD."kiso_store_adequacy", OLD."kiso_submitted_kinds", OLD."kiso_use_adequacy", OLD."other_measures", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."self_check", OLD."self_check_method", OLD."staff_education", OLD."staff_education_method", OLD."uid", OLD."version_id"); RETURN NULL;', hash='a91dd77062c6e23eddad8a8bdd0d0691f21dd3ed', operation='DELETE', pgid='pgtrigger_delete_delete_e56b8', table='reports_otherriskmeasures', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='procedure',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_procedureevent" ("basic_assessment_date", "basic_assessment_date_note", "basic_assessment_date_precision", "comment_end", "comment_end_note", "comment_end_precision", "comment_method", "comment_reflection", "comment_shortening_reason", "comment_start", "comment_start_note", "comment_start_precision", "comment_summary", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "ppc_review", "ppc_submission_date", "ppc_submission_date_note", "ppc_submission_date_precision", "third_party_date", "third_party_date_note", "third_party_date_precision", "third_party_method", "third_party_result", "threshold_handlers", "threshold_handlers_counted_on", "threshold_handlers_counted_on_note", "threshold_handlers_counted_on_precision", "threshold_incident", "threshold_result", "threshold_result_kiso", "threshold_subject_band", "threshold_subject_counted_on", "threshold_subject_counted_on_note", "threshold_subject_counted_on_precision", "uid", "version_id") VALUES (NEW."basic_assessment_date", NEW."basic_assessment_date_note", NEW."basic_assessment_date_precision", NEW."comment_end", NEW."comment_end_note", NEW."comment_end_precision", NEW."comment_method", NEW."comment_reflection", NEW."comment_shortening_reason", NEW."comment_start", NEW."comment_start_note", NEW."comment_start_precision", NEW."comment_summary", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."ppc_review", NEW."ppc_submission_date", NEW."ppc_submission_date_note", NEW."ppc_submission_date_precision", NEW."third_party_date", NEW."third_party_date_note", NEW."third_party_date_precision", NEW."third_party_method", NEW."third_party_result", NEW."threshold_handlers", NEW."threshold_handlers_counted_on", NEW."threshold_handlers_counted_on_note", NEW."threshold_handlers_counted_on_precision", NEW."threshold_incident", NEW."threshold_result", NEW."threshold_result_kiso", NEW."threshold_subject_band", NEW."threshold_subject_counted_on", NEW."threshold_subject_counted_on_note", NEW."threshold_subject_counted_on_precision", NEW."uid", NEW."version_id"); RETURN NULL;', hash='0ecfdd5e5753398e1480f2a08f9a1b7f9fe53833', operation='INSERT', pgid='pgtrigger_insert_insert_28b92', table='reports_procedure', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='procedure',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "reports_procedureevent" ("basic_assessment_date", "basic_assessment_date_note", "basic_assessment_date_precision", "comment_end", "comment_end_note", "comment_end_precision", "comment_method", "comment_reflection", "comment_shortening_reason", "comment_start", "comment_start_note", "comment_start_precision", "comment_summary", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "ppc_review", "ppc_submission_date", "ppc_submission_date_note", "ppc_submission_date_precision", "third_party_date", "third_party_date_note", "third_party_date_precision", "third_party_method", "third_party_result", "threshold_handlers", "threshold_handlers_counted_on", "threshold_handlers_counted_on_note", "threshold_handlers_counted_on_precision", "threshold_incident", "threshold_result", "threshold_result_kiso", "threshold_subject_band", "threshold_subject_counted_on", "threshold_subject_counted_on_note", "threshold_subject_counted_on_precision", "uid", "version_id") VALUES (NEW."basic_assessment_date", NEW."basic_assessment_date_note", NEW."basic_assessment_date_precision", NEW."comment_end", NEW."comment_end_note", NEW."comment_end_precision", NEW."comment_method", NEW."comment_reflection", NEW."comment_shortening_reason", NEW."comment_start", NEW."comment_start_note", NEW."comment_start_precision", NEW."comment_summary", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."ppc_review", NEW."ppc_submission_date", NEW."ppc_submission_date_note", NEW."ppc_submission_date_precision", NEW."third_party_date", NEW."third_party_date_note", NEW."third_party_date_precision", NEW."third_party_method", NEW."third_party_result", NEW."threshold_handlers", NEW."threshold_handlers_counted_on", NEW."threshold_handlers_counted_on_note", NEW."threshold_handlers_counted_on_precision", NEW."threshold_incident", NEW."threshold_result", NEW."threshold_result_kiso", NEW."threshold_subject_band", NEW."threshold_subject_counted_on", NEW."threshold_subject_counted_on_note", NEW."threshold_subject_counted_on_precision", NEW."uid", NEW."version_id"); RETURN NULL;', hash='7fe30966587e1591a0872b218646fd7e40483cac', operation='UPDATE', pgid='pgtrigger_update_update_f165d', table='reports_procedure', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='procedure',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_procedureevent" ("basic_assessment_date", "basic_assessment_date_note", "basic_assessment_date_precision", "comment_end", "comment_end_note", "comment_end_precision", "comment_method", "comment_reflection", "comment_shortening_reason", "comment_start", "comment_start_note", "comment_start_precision", "comment_summary", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "ppc_review", "ppc_submission_date", "ppc_submission_date_note", "ppc_submission_date_precision", "third_party_date", "third_party_date_note", "third_party_date_precision", "third_party_method", "third_party_result", "threshold_handlers", "threshold_handlers_counted_on", "threshold_handlers_counted_on_note", "threshold_handlers_counted_on_precision", "threshold_incident", "threshold_result", "threshold_result_kiso", "threshold_subject_band", "threshold_subject_counted_on", "threshold_subject_counted_on_note", "threshold_subject_counted_on_precision", "uid", "version_id") VALUES (OLD."basic_assessment_date", OLD."basic_assessment_date_note", OLD."basic_assessment_date_precision", OLD."comment_end", OLD."comment_end_note", OLD."comment_end_precision", OLD."comment_method", OLD."comment_reflection", OLD."comment_shortening_reason", OLD."comment_start", OLD."comment_start_note", OLD."comment_start_precision", OLD."comment_summary", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."ppc_review", OLD."ppc_submission_date", OLD."ppc_submission_date_note", OLD."ppc_submission_date_precision", OLD."third_party_date", OLD."third_party_date_note", OLD."third_party_date_precision", OLD."third_party_method", OLD."third_party_result", OLD."threshold_handlers", OLD."threshold_handlers_counted_on", OLD."threshold_handlers_counted_on_note", OLD."threshold_handlers_counted_on_precision", OLD."threshold_incident", OLD."threshold_result", OLD."threshold_result_kiso", OLD."threshold_subject_band", OLD."threshold_subject_counted_on", OLD."threshold_subject_counted_on_note", OLD."threshold_subject_counted_on_precision", OLD."uid", OLD."version_id"); RETURN NULL;', hash='2773bcba9eeb4ef832efe73cafad28a4bf832771', operation='DELETE', pgid='pgtrigger_delete_delete_89b2b', table='reports_procedure', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(fields=('organisation', 'assessment_number', 'kind'), name='unique_number_per_org_and_kind'),
        ),
    ]
