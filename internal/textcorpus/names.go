package textcorpus

// A name as written, its katakana reading and its romaji (Hepburn, no
// macrons), for names written in Latin letters and email local parts.
type person struct{ written, kana, romaji string }

// familyJA: the 50 most common Japanese surnames, in the order of the
// 名字由来net ranking (myoji-yurai.net, 全国名字ランキング), which agrees with
// the 明治安田生命 surveys on the top ones. Readings are the usual ones.
var familyJA = []person{
	{"佐藤", "サトウ", "sato"}, {"鈴木", "スズキ", "suzuki"}, {"高橋", "タカハシ", "takahashi"},
	{"田中", "タナカ", "tanaka"}, {"伊藤", "イトウ", "ito"}, {"渡辺", "ワタナベ", "watanabe"},
	{"山本", "ヤマモト", "yamamoto"}, {"中村", "ナカムラ", "nakamura"}, {"小林", "コバヤシ", "kobayashi"},
	{"加藤", "カトウ", "kato"}, {"吉田", "ヨシダ", "yoshida"}, {"山田", "ヤマダ", "yamada"},
	{"佐々木", "ササキ", "sasaki"}, {"山口", "ヤマグチ", "yamaguchi"}, {"松本", "マツモト", "matsumoto"},
	{"井上", "イノウエ", "inoue"}, {"木村", "キムラ", "kimura"}, {"林", "ハヤシ", "hayashi"},
	{"斎藤", "サイトウ", "saito"}, {"清水", "シミズ", "shimizu"}, {"山崎", "ヤマザキ", "yamazaki"},
	{"森", "モリ", "mori"}, {"池田", "イケダ", "ikeda"}, {"橋本", "ハシモト", "hashimoto"},
	{"阿部", "アベ", "abe"}, {"石川", "イシカワ", "ishikawa"}, {"山下", "ヤマシタ", "yamashita"},
	{"中島", "ナカジマ", "nakajima"}, {"石井", "イシイ", "ishii"}, {"小川", "オガワ", "ogawa"},
	{"前田", "マエダ", "maeda"}, {"岡田", "オカダ", "okada"}, {"長谷川", "ハセガワ", "hasegawa"},
	{"藤田", "フジタ", "fujita"}, {"後藤", "ゴトウ", "goto"}, {"近藤", "コンドウ", "kondo"},
	{"村上", "ムラカミ", "murakami"}, {"遠藤", "エンドウ", "endo"}, {"青木", "アオキ", "aoki"},
	{"坂本", "サカモト", "sakamoto"}, {"斉藤", "サイトウ", "saito"}, {"福田", "フクダ", "fukuda"},
	{"太田", "オオタ", "ota"}, {"西村", "ニシムラ", "nishimura"}, {"藤井", "フジイ", "fujii"},
	{"金子", "カネコ", "kaneko"}, {"岡本", "オカモト", "okamoto"}, {"藤原", "フジワラ", "fujiwara"},
	{"中野", "ナカノ", "nakano"}, {"三浦", "ミウラ", "miura"},
}

// givenJA: given names from the 明治安田生命 生まれ年別名前ランキング
// (meijiyasuda.co.jp, top names of 2000–2023 births) and older names common
// among adults (the same survey's rankings of the 1960s–1980s); a few are
// written in hiragana, as many are.
var givenJA = []person{
	{"蓮", "レン", "ren"}, {"陽翔", "ハルト", "haruto"}, {"湊", "ミナト", "minato"},
	{"蒼", "アオイ", "aoi"}, {"樹", "イツキ", "itsuki"}, {"大翔", "ヒロト", "hiroto"},
	{"悠真", "ユウマ", "yuma"}, {"陽向", "ヒナタ", "hinata"}, {"律", "リツ", "ritsu"},
	{"翔太", "ショウタ", "shota"}, {"大輔", "ダイスケ", "daisuke"}, {"拓也", "タクヤ", "takuya"},
	{"健太", "ケンタ", "kenta"}, {"翔", "ショウ", "sho"}, {"直樹", "ナオキ", "naoki"},
	{"誠", "マコト", "makoto"}, {"浩", "ヒロシ", "hiroshi"}, {"一郎", "イチロウ", "ichiro"},
	{"太郎", "タロウ", "taro"}, {"健一", "ケンイチ", "kenichi"}, {"隆", "タカシ", "takashi"},
	{"和也", "カズヤ", "kazuya"}, {"健", "ケン", "ken"}, {"陽葵", "ヒマリ", "himari"},
	{"凛", "リン", "rin"}, {"結菜", "ユイナ", "yuina"}, {"芽依", "メイ", "mei"},
	{"紬", "ツムギ", "tsumugi"}, {"葵", "アオイ", "aoi"}, {"澪", "ミオ", "mio"},
	{"結衣", "ユイ", "yui"}, {"美咲", "ミサキ", "misaki"}, {"花子", "ハナコ", "hanako"},
	{"愛", "アイ", "ai"}, {"陽子", "ヨウコ", "yoko"}, {"恵子", "ケイコ", "keiko"},
	{"裕子", "ユウコ", "yuko"}, {"由美", "ユミ", "yumi"}, {"彩", "アヤ", "aya"},
	{"真由美", "マユミ", "mayumi"}, {"さくら", "サクラ", "sakura"}, {"ひなた", "ヒナタ", "hinata"},
	{"あかり", "アカリ", "akari"}, {"奈々", "ナナ", "nana"}, {"千尋", "チヒロ", "chihiro"},
	{"舞", "マイ", "mai"}, {"優子", "ユウコ", "yuko"}, {"美穂", "ミホ", "miho"},
}

// givenLatin: popular given names of the US Social Security Administration's
// baby-name lists (ssa.gov/oact/babynames, top names by decade, 1960s–2020s).
var givenLatin = []string{
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
	"David", "Elizabeth", "William", "Sarah", "Emma", "Olivia", "Liam", "Noah",
	"Sophia", "Ava", "Mia", "Lucas", "Ethan", "Chloe", "Grace", "Daniel",
	"Emily", "Jessica", "Matthew", "Ashley", "Chris", "Kate",
}

// familyLatin: the most common surnames of the 2010 US Census (census.gov,
// "Frequently Occurring Surnames from the 2010 Census"), and a few with an
// apostrophe or a diacritic.
var familyLatin = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
	"Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
	"Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
	"Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "O'Brien", "Müller",
}

// honorifics follow a Japanese name; they are not part of the name span (the
// text transform keeps them).
var honorifics = []string{"さん", "さん", "さん", "様", "くん", "ちゃん", "先生"}

// placeTraps are place names (stations, wards, cities, prefectures) that are
// also common surnames: in 「山田に行く」 they name a place, not a person.
var placeTraps = []string{
	"山田", "上野", "渋谷", "品川", "中野", "松本", "千葉", "福島", "長野", "岡山",
	"福岡", "石川", "宮崎", "山口", "熊谷", "大塚", "目黒", "神田", "藤沢", "吉祥寺",
}

// wordTraps are ordinary words written like a surname or given name, each
// with the phrase it is ordinary in (the span is the word).
var wordTraps = []struct{ word, before, after string }{
	{"森", "週末は", "を散歩しました"},
	{"林", "公園の", "でセミが鳴いてる"},
	{"小川", "家の裏の", "でメダカを捕まえた"},
	{"さくら", "", "が満開でした"},
	{"ひなた", "", "ぼっこが気持ちいい"},
	{"マイ", "", "ページから変更できます"},
	{"あかり", "部屋の", "を消してね"},
	{"誠", "", "に申し訳ございません"},
	{"愛", "", "してるよ〜"},
	{"林檎", "", "をもらった"},
}

// englishTraps are English words that are also given names, in sentences
// where they are not one.
var englishTraps = []struct{ before, word, after string }{
	{"", "May", " I reschedule to next week?"},
	{"", "Will", " you be there on time?"},
	{"Can you send me the ", "bill", " again please?"},
	{"The ", "Grace", " period ends soon, heads up!"},
	{"We went to ", "Jordan", " last spring, loved it."},
	{"", "April", " was crazy busy for us."},
	{"Ordered it on ", "Amazon", " yesterday, arriving soon."},
	{"", "Mark", " that one as done, please."},
	{"The ", "Rose", " garden is open again!"},
	{"", "Hope", " you're doing well."},
}
