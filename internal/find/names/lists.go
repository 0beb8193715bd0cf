package names

// Word lists. Each is a public list, named with its source; a name is
// looked up after folding case and diacritics (see fold).

// givenLatin: given names of the US Social Security Administration's
// baby-name lists (ssa.gov/oact/babynames: top names by decade, 1950s to
// 2020s), without those that are also common English words (see
// ambiguousLatin).
var givenLatin = words(`
James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth
William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen
Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Donald Ashley
Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol
Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca
Edward Sharon Jason Laura Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary
Shirley Nicholas Angela Eric Helen Jonathan Anna Stephen Brenda Larry
Pamela Justin Nicole Scott Emma Brandon Samantha Benjamin Katherine Samuel
Christine Gregory Debra Alexander Rachel Patrick Carolyn Jack Janet Dennis
Catherine Jerry Maria Tyler Heather Aaron Diane Jose Julie Adam Olivia
Nathan Joyce Henry Victoria Zachary Kelly Peter Christina Kyle Lauren
Ethan Joan Noah Evelyn Liam Judith Lucas Megan Mason Andrea Logan Cheryl
Oliver Hannah Elijah Jacqueline Aiden Martha Jayden Madison Sophia Ava
Isabella Mia Abigail Chloe Ella Avery Sofia Harper Aria Scarlett Zoe
Lily Layla Nora Ellie Luna Penelope Camila Gianna Aurora Hazel Emilia
Mateo Sebastian Levi Owen Wyatt Grayson Julian Leo Ezra Luke Gabriel
Isaac Lincoln Theodore Asher Josiah Caleb Isaiah Hudson Eli Chris Kate
Katie Jenny Mike Tom Tim Dave Steve Jim Joe Jen Liz Beth Alex Sam Ben
Dan Matt Nick Tony Greg Ken Jeff Sean Ian Ruth Alice Julia Claire
Sara Laura Jane Susan Anne Diana Fiona Emmanuel Chloé Zoë
`)

// familyLatin: the most frequent surnames of the 2010 US Census
// (census.gov, "Frequently Occurring Surnames from the 2010 Census", top
// 100), without those that are common English words (ambiguousLatin), and
// a few common European ones.
var familyLatin = words(`
Smith Johnson Williams Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson
Martin Lee Perez Thompson Harris Sanchez Clark Ramirez Lewis Robinson
Walker Allen Hernandez Wright Scott Torres Nguyen Hill Flores Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris
Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson
Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks
Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
Castillo Sanders Patel Myers Long Ross Foster Jimenez O'Brien Müller
Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Rossi
`)

// ambiguousLatin are given names and surnames that are also common English
// words, months or places (May, Will, Bill, Mark, Grace, Rose, Hope,
// Jordan, White, Young…): they are names only after a cue (Dear, Mr.,
// -san…) or next to another name word (Will Smith).
var ambiguousLatin = words(`
May June April August Will Bill Mark Grace Rose Hope Faith Joy Jordan
Georgia Paris Austin Chase Hunter Summer Dawn Amber Ruby Pat Sue Rob
Frank Rich Art Guy Max Gene Sandy Page Penny Holly Ivy Lily Iris Daisy
Violet Autumn Crystal Destiny Harmony Heaven Sky River Stone Brook
White Young King Brown Green Black Long Hall Wood Bell Lane Hill Cook
Baker Price Gray Grey Ward Reed Rice Banks Case Cross Little Love Rich
Miles Bush Fox Hunt Lamb Mills Rivers Sharp Short Small Snow Steel
Storm Strong Sweet Waters Wells West Wise Woods Marshall Victoria
Florence Sydney Chad
`)

// stopLatin are capitalized words that are never a name, even after a
// cue: months and weekdays, greetings' other objects (Hi all, Dear
// Customer), pronouns and words that start a sentence.
var stopLatin = words(`
January February March July September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu
Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
I I'm I'll I've I'd The A An This That These Those It It's There Here
All Everyone Everybody Team Guys Folks Friend Friends Sir Madam Madame
Customer Customers Member Members Valued Colleagues Again Thanks
Thank Please Hello Hi Hey Dear Yes No OK Okay Sorry Good Morning Evening
Afternoon Night Mom Mum Dad Mother Father Bro Dude Buddy Boss Doctor
Professor Mr Mrs Ms Miss Mx Dr Prof Best Regards Cheers Kind Warm
World Support Sales Admin Office Station Line City Ward Park Street
Japan English Japanese Tokyo Osaka Kyoto Google LINE Line Inc Ltd Co
`)

// cuesBefore are words after which capitalized words are a name: titles,
// greetings and "attn". A title ending in "." may be written without it.
var cuesBefore = words(`
Dear Hi Hello Hey Hiya Thanks Thank Thx Mr Mrs Ms Miss Mx Dr Prof
Professor Sir Dame Madam Mister Attn Attention
`)

// signOffs are cues only before a comma: "Best, Ken", "Regards, YAMADA
// Taro" (but "the best Italian place").
var signOffs = words(`Best Regards Cheers Sincerely Love Yours Respectfully Thanks`)

// cuesAfter are Japanese honorifics written after a romanized name:
// "Müller-san", "Yamada-sama", "Ken-kun".
var cuesAfter = words(`san sama kun chan sensei shi dono senpai`)

// placeAfter are words that make the capitalized word before them a place:
// "Ueno station", "Shibuya Ward", "Nakano-ku".
var placeAfter = words(`
station Station Sta line Line city City ward Ward ku machi cho eki
prefecture Prefecture street Street St Ave Avenue Road Rd park Park
airport Airport river River mountain Mountain temple Temple shrine Shrine
hotel Hotel university University hospital Hospital Inc Ltd Corp Co
`)

// placeBefore are words after which a lone surname reads as a place: "at
// Ueno", "moved to Nakano", "from Chiba".
var placeBefore = words(`at to in from near into around visit visited visiting via toward towards`)

// determiners before a capitalized word make it a thing, not a person:
// "the Grace period", "a Will", "our Hope".
var determiners = words(`the a an this that these those our your their its some any every no`)

// familyRomaji: romanized Japanese surnames, the 100 most common of the
// 名字由来net ranking (myoji-yurai.net, 全国名字ランキング), Hepburn without
// macrons.
var familyRomaji = words(`
sato suzuki takahashi tanaka ito watanabe yamamoto nakamura kobayashi
kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi saito
shimizu yamazaki mori ikeda hashimoto abe ishikawa yamashita nakajima
ishii ogawa maeda okada hasegawa fujita goto kondo murakami endo aoki
sakamoto fukuda ota nishimura fujii kaneko okamoto fujiwara nakano miura
harada matsuda takeuchi nakagawa ono tamura takeda ueda morita hara
shibata sakai kudo yokoyama miyazaki miyamoto uchida takagi ando taniguchi
ohno maruyama imai takada fujimoto takeda murata ueno sugiyama masuda
sugawara hirano kojima otsuka chiba kubo matsui iwasaki sakurai kinoshita
noguchi matsuo kikuchi nomura arai watanabe sano onishi sugimoto
`)

// givenRomaji: romanized Japanese given names of the 明治安田生命
// 生まれ年別名前ランキング (meijiyasuda.co.jp: top names of 1960–2023 births),
// Hepburn without macrons, by reading.
var givenRomaji = words(`
ren haruto minato aoi itsuki hiroto yuma hinata ritsu sota yuto riku
yamato haruki sho shota daisuke takuya kenta naoki makoto hiroshi ichiro
taro kenichi takashi kazuya ken kenji akira satoshi yuki yusuke ryota
kaito kota daiki tsubasa hayato shun takumi yuto koki haruma asahi
himari rin yuina mei tsumugi mio yui misaki hanako ai yoko keiko yuko
yumi aya mayumi sakura akari nana chihiro mai miho yuka megumi kaori
tomoko naomi emi ayaka haruka nanami hina yua mitsuki riko mao saki
akiko michiko kazuko hiroko sachiko junko noriko kumiko mika
`)

// givenJA: Japanese given names as written, of the same 明治安田生命 rankings
// (kanji of 1960–2023 births, and the hiragana and katakana names the
// rankings list by reading). Used where the dictionary does not know a
// name or reads it as a common word (紬, 陽翔, さくら).
var givenJA = words(`
蓮 陽翔 湊 蒼 樹 大翔 悠真 陽向 律 碧 朝陽 颯真 悠人 大和 陽太 翔 翔太
大輔 拓也 健太 直樹 誠 浩 一郎 太郎 健一 隆 和也 健 翔平 大輝 海斗 颯太
優斗 陸 悠斗 蒼空 結翔 奏太 琉生 蒼真 新 暖 伊織 凪 湊斗 陽斗 拓海 翼
陽葵 凛 結菜 芽依 紬 葵 澪 結衣 美咲 花子 愛 陽子 恵子 裕子 由美 彩
真由美 奈々 千尋 舞 優子 美穂 結愛 陽菜 莉子 美桜 咲良 杏 花 心春 芽生
翠 詩 凪 結月 咲希 美羽 心結 彩花 七海 明美 久美子 智子 直美 幸子 京子
さくら ひなた あかり ひまり ゆい めい りん みお ゆうな あおい はると
ひかり こはる さき ゆな みゆ あや まい えみ はな ゆき みく
レン ハルト ミナト アオイ イツキ ヒロト ユウマ ヒナタ リツ ショウタ
ダイスケ タクヤ ケンタ ショウ ナオキ マコト ヒロシ イチロウ タロウ
ケンイチ タカシ カズヤ ケン ヒマリ リン ユイナ メイ ツムギ ミオ ユイ
ミサキ ハナコ アイ ヨウコ ケイコ ユウコ ユミ アヤ マユミ サクラ アカリ
ナナ チヒロ マイ ミホ
`)

// roleJA are words that take an honorific without being a name: kin,
// roles and crowds (お母さん, 店長さん, 皆様, お客様). The dictionary tags
// most as common nouns, which the finder also refuses; these are the
// ones it does not.
var roleJA = words(`
皆 皆様 客 神 王 母 父 兄 姉 弟 妹 娘 息子 嫁 婿 孫 奥 旦那 隣 彼 彼女
叔父 叔母 伯父 伯母 祖父 祖母 店長 社長 部長 課長 係長 会長 院長 園長
校長 担当 担当者 先方 大家 医者 店員 運転手 職人 生徒 学生 友達 同 様
殿 お疲れ 御苦労 ご苦労 苦労 疲れ 他 各位 皆さま 奥さま 先輩 後輩
`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			if start >= 0 {
				m[key(s[start:i])] = true
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return m
}

// familyKana: the readings of the 100 surnames of familyRomaji, in
// katakana, as furigana and bank account holders are written.
var familyKana = words(`
サトウ スズキ タカハシ タナカ イトウ ワタナベ ヤマモト ナカムラ コバヤシ
カトウ ヨシダ ヤマダ ササキ ヤマグチ マツモト イノウエ キムラ ハヤシ サイトウ
シミズ ヤマザキ モリ イケダ ハシモト アベ イシカワ ヤマシタ ナカジマ
イシイ オガワ マエダ オカダ ハセガワ フジタ ゴトウ コンドウ ムラカミ エンドウ アオキ
サカモト フクダ オオタ ニシムラ フジイ カネコ オカモト フジワラ ナカノ ミウラ
ハラダ マツダ タケウチ ナカガワ オノ タムラ タケダ ウエダ モリタ ハラ
シバタ サカイ クドウ ヨコヤマ ミヤザキ ミヤモト ウチダ タカギ アンドウ タニグチ
オオノ マルヤマ イマイ タカダ フジモト ムラタ ウエノ スギヤマ マスダ
スガワラ ヒラノ コジマ オオツカ チバ クボ マツイ イワサキ サクライ キノシタ
ノグチ マツオ キクチ ノムラ アライ サノ オオニシ スギモト
`)

// key is the form a word is listed and looked up in: Latin words folded,
// Japanese ones as written (folding would drop the dakuten of ダ).
func key(w string) string {
	for _, r := range w {
		if kanji(r) || kana(r) {
			return w
		}
	}
	return fold(w)
}
