"""What each action of the log means, for people reading a report's history."""

ACTION_LABELS = {
    "report.created": "評価書を作成",
    "report.ended": "事務の終了を記録",
    "report.deleted": "評価書を削除",
    "version.discarded": "作成中の版を破棄",
    "version.created": "新しい版を作成",
    "version.imported": "公表済みの評価書を取込み",
    "version.edited": "記載を編集",
    "version.entry_added": "項目を追加",
    "version.entry_deleted": "項目を削除",
    "version.entry_moved": "項目の順序を変更",
    "version.submitted": "審査に提出",
    "version.returned": "差戻し",
    "version.approved": "承認",
    "version.publication_requested": "公表を依頼",
    "version.published": "公表",
    "version.withheld": "公表しない部分を指定",
    "version.withheld_released": "公表しない部分の指定を解除",
    "version.superseded": "旧版に変更",
    "version.status_changed": "状態を直接変更(ワークフロー外)",
    "review.commented": "審査の指摘",
    "review.resolved": "指摘を解決",
    "review.replied": "指摘に返信",
    "review.answered": "指摘に対応",
    "pdf.requested": "PDFの作成を依頼",
    "pdf.rendered": "PDFを作成",
    "pdf.failed": "PDFの作成に失敗",
    "pdf.requeued": "PDFを作り直し",
    "import.requested": "取込みを依頼",
    "import.failed": "取込みに失敗",
    "import.fragment_placed": "未配置の記載を項目に配置",
    "changelog.rows_accepted": "変更箇所の案を採用",
    "changelog.rows_dropped": "変更箇所の案を不採用",
    "changelog.row_reconsidered": "変更箇所の案の判断を取消し",
    "changelog.row_edited": "変更箇所の案を修正",
    "changelog.date_set": "変更日を設定",
    "changelog.style_changed": "変更箇所の書き方を変更",
    "changelog.published_row_corrected": "公表済みの変更箇所の行を訂正",
    "affair.created": "事務を追加",
    "affair.reviewed": "見直しを記録",
    "affair.ended": "事務の終了を記録",
    "affair.archived": "公表期間(事務の終了後3年)の満了により公表を終了",
    "threshold.decided": "しきい値判断を記録",
    "procedure.comments_opened": "意見の聴取を開始",
    "procedure.comment_received": "住民等から意見を受付",
    "procedure.comments_recorded": "意見の聴取の結果を記録",
    "procedure.inspection_recorded": "第三者点検を記録",
    "procedure.commission_recorded": "個人情報保護委員会の承認を記録",
}


def label_of(action: str) -> str:
    return ACTION_LABELS.get(action, action)


# The names of states the log records as 「before → after」 (the version's 作成中, 審査中, ...). The
# apps whose objects have states fill it when they start (reports.apps), so that the log, the
# ground floor, never imports them.
STATE_LABELS: dict[str, str] = {}


def state_change_of(data: dict) -> str:
    before, after = data.get("before"), data.get("after")
    if isinstance(before, str) and isinstance(after, str) and before in STATE_LABELS and after in STATE_LABELS:
        return f"{STATE_LABELS[before]} → {STATE_LABELS[after]}"
    return ""
