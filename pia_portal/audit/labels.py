"""What each action of the log means, for people reading a report's history."""

ACTION_LABELS = {
    "report.created": "評価書を作成",
    "report.ended": "事務の終了を記録",
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
    "version.superseded": "旧版に変更",
    "version.status_changed": "状態を直接変更(ワークフロー外)",
    "review.commented": "審査の指摘",
    "review.resolved": "指摘を解決",
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
}


def label_of(action: str) -> str:
    return ACTION_LABELS.get(action, action)
