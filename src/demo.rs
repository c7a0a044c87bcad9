//! Sample data: believable customers for a first look, and the same generator at
//! 200,000 for the benchmark. Deterministic for a given seed.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::clock;
use crate::customers::{self, Contact, CustomerInput, CustomerKind, Settlement};
use crate::db::Store;
use crate::error::{FolioError, Result};

const CITIES: &[&str] = &[
    "成都",
    "重庆",
    "北京",
    "上海",
    "广州",
    "深圳",
    "武汉",
    "西安",
    "南京",
    "杭州",
    "长沙",
    "昆明",
    "贵阳",
    "绵阳",
    "乐山",
    "宜宾",
    "南充",
    "自贡",
    "泸州",
    "德阳",
    "遂宁",
    "眉山",
    "雅安",
    "郑州",
    "济南",
    "青岛",
    "合肥",
    "福州",
    "厦门",
    "南昌",
    "太原",
    "石家庄",
    "天津",
    "沈阳",
    "长春",
    "银川",
];
const SHOP_BRANDS: &[&str] = &[
    "新华",
    "文轩",
    "博库",
    "西西弗",
    "钟书阁",
    "言几又",
    "方所",
    "先锋",
    "三联韬奋",
    "万象",
    "求知",
    "书香",
    "启明",
    "墨香",
    "知行",
    "读者",
    "晓风",
    "大众",
    "学海",
    "翰林",
    "行知",
    "重光",
    "长乐",
];
const SHOP_SUFFIX: &[&str] = &[
    "书店",
    "图书城",
    "书城",
    "书局",
    "书社",
    "图书批发部",
    "文化书店",
];
const SCHOOL_NAMES: &[&str] = &[
    "第一中学",
    "第七中学",
    "实验小学",
    "外国语学校",
    "师范大学附属中学",
    "职业技术学院",
    "树德中学",
    "石室中学",
    "育才学校",
    "行知小学",
    "理工大学",
    "师范学院",
];
const LIBRARY_SUFFIX: &[&str] = &[
    "市图书馆",
    "区图书馆",
    "少年儿童图书馆",
    "大学图书馆",
    "县图书馆",
];
const COMPANY_WORDS: &[&str] = &[
    "天府", "蓝海", "华夏", "博雅", "智慧", "长江", "锦江", "银行", "凤凰", "金桥", "星光", "远航",
];
const COMPANY_SUFFIX: &[&str] = &[
    "文化传播有限公司",
    "教育科技有限公司",
    "图书发行有限公司",
    "文化传媒有限公司",
    "科技有限公司",
];
const DISTRIBUTOR_SUFFIX: &[&str] = &[
    "图书发行集团",
    "书刊发行有限公司",
    "图书物流中心",
    "图书批发市场",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "曾", "单", "解", "仇", "查",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "晓东", "建华", "志强", "海燕", "小红", "国庆", "文博", "思远", "长青", "乐",
];
const ROLES_ZH: &[&str] = &["采购", "店长", "经理", "馆长", "财务", "老板", "教务主任"];
const UK_TOWNS: &[&str] = &[
    "Leeds",
    "York",
    "Bradford",
    "Sheffield",
    "Manchester",
    "Harrogate",
    "Wakefield",
    "Halifax",
    "Huddersfield",
    "Hull",
    "Durham",
    "Lancaster",
    "Chester",
    "Bath",
    "Oxford",
    "Cambridge",
];
const UK_SHOPS: &[&str] = &[
    "Waterstones",
    "Blackwell's",
    "Foyles",
    "The Book Nook",
    "Page & Quill",
    "Little Acorn Books",
    "The Reading Room",
    "Chapter One",
    "Hatchards",
    "Ink & Paper",
];
const UK_FIRST: &[&str] = &[
    "Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George", "Emily", "Noah", "Sophie",
    "Priya", "Mohammed", "Grace", "Thomas", "Hannah", "James",
];
const UK_LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Patel", "Walker",
    "Wright", "Hughes", "Green", "Hall", "Khan", "Clarke",
];
const TAGS: &[&str] = &[
    "重点客户",
    "VIP",
    "教材",
    "馆配",
    "月结",
    "新客户",
    "school term",
];

fn pick<'a>(rng: &mut SmallRng, xs: &[&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

fn cn_person(rng: &mut SmallRng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

fn cn_mobile(rng: &mut SmallRng) -> String {
    let second = [3, 5, 7, 8, 9][rng.random_range(0..5)];
    format!("1{second}{:09}", rng.random_range(0..1_000_000_000u32))
}

/// One made-up customer. About one in five is English-speaking (a UK shop or school).
pub fn customer(rng: &mut SmallRng) -> CustomerInput {
    let kind = match rng.random_range(0..100) {
        0..=39 => CustomerKind::Bookshop,
        40..=59 => CustomerKind::School,
        60..=69 => CustomerKind::Library,
        70..=84 => CustomerKind::Company,
        85..=92 => CustomerKind::Distributor,
        _ => CustomerKind::Individual,
    };
    let english = rng.random_range(0..5) == 0;
    let (name, region, contact, phone, role) = if english {
        let town = pick(rng, UK_TOWNS);
        let person = format!("{} {}", pick(rng, UK_FIRST), pick(rng, UK_LAST));
        let name = match kind {
            CustomerKind::Bookshop => format!("{} {town}", pick(rng, UK_SHOPS)),
            CustomerKind::School => format!(
                "{} {town}",
                [
                    "St Mary's Primary School",
                    "King Edward's School",
                    "Park View Academy",
                    "Grammar School"
                ][rng.random_range(0..4)]
            ),
            CustomerKind::Library => format!("{town} Central Library"),
            CustomerKind::Company => format!("{town} Learning Ltd"),
            CustomerKind::Distributor => format!("Northern Book Distributors {town}"),
            CustomerKind::Individual => person.clone(),
        };
        let phone = format!(
            "01{:03} {:06}",
            rng.random_range(100..999),
            rng.random_range(0..1_000_000)
        );
        (name, town.to_string(), person, phone, "Buyer".to_string())
    } else {
        let city = pick(rng, CITIES);
        let person = cn_person(rng);
        let name = match kind {
            CustomerKind::Bookshop => {
                format!("{city}{}{}", pick(rng, SHOP_BRANDS), pick(rng, SHOP_SUFFIX))
            }
            CustomerKind::School => format!("{city}{}", pick(rng, SCHOOL_NAMES)),
            CustomerKind::Library => format!("{city}{}", pick(rng, LIBRARY_SUFFIX)),
            CustomerKind::Company => {
                format!(
                    "{city}{}{}",
                    pick(rng, COMPANY_WORDS),
                    pick(rng, COMPANY_SUFFIX)
                )
            }
            CustomerKind::Distributor => format!("{city}{}", pick(rng, DISTRIBUTOR_SUFFIX)),
            CustomerKind::Individual => person.clone(),
        };
        let role = pick(rng, ROLES_ZH).to_string();
        (name, city.to_string(), person, cn_mobile(rng), role)
    };
    let discount = match kind {
        CustomerKind::Distributor => ["5.5折", "5.8折", "6折"][rng.random_range(0..3)],
        CustomerKind::Bookshop => ["6.5折", "6.8折", "7折", "7.2折"][rng.random_range(0..4)],
        CustomerKind::Library | CustomerKind::School => {
            ["7.5折", "7.8折", "8折"][rng.random_range(0..3)]
        }
        CustomerKind::Company => ["8折", "8.5折"][rng.random_range(0..2)],
        CustomerKind::Individual => ["9折", "10折"][rng.random_range(0..2)],
    };
    let credit = match kind {
        CustomerKind::Individual => String::new(),
        CustomerKind::Distributor => format!("{}", rng.random_range(10..50) * 10_000),
        _ => format!("{}", rng.random_range(1..30) * 1_000),
    };
    let settlement = match kind {
        CustomerKind::Bookshop if rng.random_range(0..3) == 0 => Settlement::SaleOrReturn,
        CustomerKind::Distributor if rng.random_range(0..4) == 0 => Settlement::Consignment,
        _ => Settlement::Firm,
    };
    let mut tags = Vec::new();
    if rng.random_range(0..4) == 0 {
        tags.push(pick(rng, TAGS).to_string());
    }
    let birthday = if rng.random_range(0..3) == 0 {
        format!(
            "{:02}-{:02}",
            rng.random_range(1..13),
            rng.random_range(1..29)
        )
    } else {
        String::new()
    };
    CustomerInput {
        name,
        kind,
        contacts: vec![Contact {
            name: contact,
            role,
            phone,
            email: String::new(),
            wechat: String::new(),
        }],
        region,
        discount: discount.to_string(),
        credit_limit: credit,
        payment_terms_days: ["0", "30", "60", "90"][rng.random_range(0..4)].to_string(),
        settlement,
        tags,
        birthday,
        ..CustomerInput::default()
    }
}

/// What `folio demo` made.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct DemoReport {
    #[ts(type = "number")]
    pub customers: i64,
}

/// Fills an empty database with `n` sample customers, in one transaction.
pub fn load(store: &mut Store, n: usize, seed: u64) -> Result<DemoReport> {
    let existing: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(FolioError::invalid(
            "demo_not_empty",
            "database",
            "sample data only goes into an empty database; this one already has customers",
        ));
    }
    let mut rng = SmallRng::seed_from_u64(seed);
    let now = clock::stamp();
    store.write("demo.load", "customer", |tx| {
        for _ in 0..n {
            let input = customer(&mut rng);
            let v = customers::validate(&input)?;
            customers::insert_valid(tx, &v, &now)?;
        }
        Ok((
            DemoReport {
                customers: n as i64,
            },
            None,
        ))
    })
}
