"""Registry of departments (部局) and divisions (課・室) with stable ASCII codes.

The importer splits the merged 担当 cells of the source by these names, never by position.
Codes are stable: add new entries, never renumber. A division code is unique per
(department, name): 総務部 総務課 and 議会事務局 総務課 are two divisions.
"""

from __future__ import annotations

from dxreport.rules.plan_model import Department, Division

DEPARTMENTS: tuple[Department, ...] = (
    Department(code="SOMU", name="総務部"),
    Department(code="KIKAKU", name="企画調整部"),
    Department(code="KIKI", name="危機管理部"),
    Department(code="SEIKATSU", name="生活環境部"),
    Department(code="HOKEN", name="保健福祉部"),
    Department(code="SHOKO", name="商工労働部"),
    Department(code="NORIN", name="農林水産部"),
    Department(code="DOBOKU", name="土木部"),
    Department(code="SUITO", name="出納局"),
    Department(code="BYOIN", name="病院局"),
    Department(code="KYOIKU", name="教育庁"),
    Department(code="KEISATSU", name="警察本部"),
    Department(code="GIKAI", name="議会事務局"),
)

# Bureaus (局) sit between a department and its divisions. The source sometimes writes them
# in the 担当 cells (`商工労働部 観光交流局 県産品振興戦略課`); they are skipped when splitting.
BUREAUS: dict[str, str] = {
    "観光交流局": "SHOKO",
    "こども未来局": "HOKEN",
    "文化スポーツ局": "KIKAKU",
}

_D = Division
DIVISIONS: tuple[Division, ...] = (
    # 総務部
    _D(code="SOMU-SOMU", name="総務課", department_code="SOMU"),
    _D(code="SOMU-JINJI", name="人事課", department_code="SOMU"),
    _D(code="SOMU-KENSHU", name="職員研修課", department_code="SOMU"),
    _D(code="SOMU-GYOMU", name="職員業務課", department_code="SOMU"),
    _D(code="SOMU-KEIEI", name="行政経営課", department_code="SOMU"),
    _D(code="SOMU-BUNSHO", name="文書管理課", department_code="SOMU"),
    _D(code="SOMU-KOHO", name="広報課", department_code="SOMU"),
    _D(code="SOMU-ZEIMU", name="税務課", department_code="SOMU"),
    _D(code="SOMU-ZEISYS", name="税務システム課", department_code="SOMU"),
    _D(code="SOMU-NYUSATSU", name="入札監理課", department_code="SOMU"),
    _D(code="SOMU-SHICHOSON", name="市町村行政課", department_code="SOMU"),
    _D(code="SOMU-SHIGAKU", name="私学・法人課", department_code="SOMU"),
    # 企画調整部
    _D(code="KIKAKU-DX", name="デジタル変革課", department_code="KIKAKU"),
    _D(code="KIKAKU-FUKKO", name="復興・総合計画課", department_code="KIKAKU"),
    _D(code="KIKAKU-TOKEI", name="統計課", department_code="KIKAKU"),
    _D(code="KIKAKU-KURASHI", name="ふくしま暮らし推進課", department_code="KIKAKU"),
    # The source names only the bureau for this owner (no 課): the bureau is the unit.
    _D(code="KIKAKU-HINAN", name="避難地域復興局", department_code="KIKAKU"),
    _D(code="KIKAKU-SHOGAI", name="生涯学習課", department_code="KIKAKU"),
    # 危機管理部
    _D(code="KIKI-KIKI", name="危機管理課", department_code="KIKI"),
    _D(code="KIKI-SAIGAI", name="災害対策課", department_code="KIKI"),
    _D(code="KIKI-GENSHI", name="原子力防災課", department_code="KIKI"),
    # 生活環境部
    _D(code="SEIKATSU-KOTSU", name="生活交通課", department_code="SEIKATSU"),
    _D(code="SEIKATSU-SHOHI", name="消費生活課", department_code="SEIKATSU"),
    _D(code="SEIKATSU-HAIKI", name="一般廃棄物課", department_code="SEIKATSU"),
    _D(code="SEIKATSU-SHIZEN", name="自然保護課", department_code="SEIKATSU"),
    # 保健福祉部
    _D(code="HOKEN-KENKO", name="健康づくり推進課", department_code="HOKEN"),
    _D(code="HOKEN-IRYO", name="地域医療課", department_code="HOKEN"),
    _D(code="HOKEN-KANSEN", name="感染症対策課", department_code="HOKEN"),
    _D(code="HOKEN-KOKUHO", name="国民健康保険課", department_code="HOKEN"),
    _D(code="HOKEN-KOREI", name="高齢福祉課", department_code="HOKEN"),
    _D(code="HOKEN-SHOGAI", name="障がい福祉課", department_code="HOKEN"),
    _D(code="HOKEN-SHOKUHIN", name="食品生活衛生課", department_code="HOKEN"),
    _D(code="HOKEN-JIDO", name="児童家庭課", department_code="HOKEN"),
    _D(code="HOKEN-KODOMO", name="こども・青少年政策課", department_code="HOKEN"),
    _D(code="HOKEN-KOSODATE", name="子育て支援課", department_code="HOKEN"),
    # 商工労働部
    _D(code="SHOKO-KINYU", name="経営金融課", department_code="SHOKO"),
    _D(code="SHOKO-SHINKO", name="産業振興課", department_code="SHOKO"),
    _D(code="SHOKO-IRYO", name="医療関連産業課", department_code="SHOKO"),
    _D(code="SHOKO-JINZAI", name="産業人材育成課", department_code="SHOKO"),
    _D(code="SHOKO-KANKO", name="観光交流課", department_code="SHOKO"),
    _D(code="SHOKO-KENSAN", name="県産品振興戦略課", department_code="SHOKO"),
    _D(code="SHOKO-KUKO", name="空港交流課", department_code="SHOKO"),
    # 農林水産部
    _D(code="NORIN-NINAITE", name="農業担い手課", department_code="NORIN"),
    _D(code="NORIN-SHINKO", name="農業振興課", department_code="NORIN"),
    _D(code="NORIN-CHIKUSAN", name="畜産課", department_code="NORIN"),
    _D(code="NORIN-SHINRIN", name="森林計画課", department_code="NORIN"),
    _D(code="NORIN-SUISAN", name="水産課", department_code="NORIN"),
    # 土木部
    _D(code="DOBOKU-KIKAKU", name="土木企画課", department_code="DOBOKU"),
    _D(code="DOBOKU-GIJUTSU", name="技術管理課", department_code="DOBOKU"),
    _D(code="DOBOKU-KENSAN", name="建設産業室", department_code="DOBOKU"),
    _D(code="DOBOKU-DORO", name="道路管理課", department_code="DOBOKU"),
    _D(code="DOBOKU-KASEN", name="河川整備課", department_code="DOBOKU"),
    _D(code="DOBOKU-SABO", name="砂防課", department_code="DOBOKU"),
    _D(code="DOBOKU-KOWAN", name="港湾課", department_code="DOBOKU"),
    _D(code="DOBOKU-MACHI", name="まちづくり推進課", department_code="DOBOKU"),
    # 出納局
    _D(code="SUITO-SOMU", name="出納総務課", department_code="SUITO"),
    _D(code="SUITO-YODO", name="入札用度課", department_code="SUITO"),
    # 病院局
    _D(code="BYOIN-KEIEI", name="病院経営課", department_code="BYOIN"),
    # 教育庁
    _D(code="KYOIKU-SOMU", name="教育総務課", department_code="KYOIKU"),
    _D(code="KYOIKU-GIMU", name="義務教育課", department_code="KYOIKU"),
    _D(code="KYOIKU-KOKO", name="高校教育課", department_code="KYOIKU"),
    _D(code="KYOIKU-TOKUSHI", name="特別支援教育課", department_code="KYOIKU"),
    # 警察本部
    _D(code="KEISATSU-KEIMU", name="警務課", department_code="KEISATSU"),
    _D(code="KEISATSU-JOHO", name="情報管理課", department_code="KEISATSU"),
    _D(code="KEISATSU-SEIAN", name="生活安全企画課", department_code="KEISATSU"),
    _D(code="KEISATSU-CHIIKI", name="地域企画課", department_code="KEISATSU"),
    _D(code="KEISATSU-KEIJI", name="刑事総務課", department_code="KEISATSU"),
    _D(code="KEISATSU-SOSA", name="捜査支援分析課", department_code="KEISATSU"),
    # 議会事務局
    _D(code="GIKAI-SOMU", name="総務課", department_code="GIKAI"),
)

# 中分類 of the 地域 part, in the order of their item numbers: `(1)` is the first label,
# `(2)` the second. The source glues the label to the front of the item name
# (`教育デジタル学習基盤を…`, `人材育成 会津大学と…`); the importer takes it off into its own field.
SUBGROUPS: dict[str, tuple[str, ...]] = {
    "教育・人材育成": ("教育", "人材育成"),
    "産業振興": ("商工業", "農林水産業", "土木・建設業"),
    "安全・安心・環境": ("安全・安心", "環境"),
}

DEPARTMENT_BY_NAME: dict[str, Department] = {d.name: d for d in DEPARTMENTS}


def divisions_named(name: str) -> list[Division]:
    return [d for d in DIVISIONS if d.name == name]


def is_division_name(name: str) -> bool:
    return any(d.name == name for d in DIVISIONS)
