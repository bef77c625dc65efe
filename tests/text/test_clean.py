"""Cleaning: page furniture and site boilerplate go, wrapped lines come back together, a garbled
copy gives way to the clean one, and every clean offset still points into the original."""

from coopwatch.text.clean import clean_text


def test_page_numbers_and_running_headers_are_dropped():
    page = "东西部科技合作实施方案\n支持新疆开展碳中和技术联合攻关，推动绿色发展。\n—{n}—\n"
    text = "".join(page.format(n=n) for n in range(1, 5)) + "- 5 -\nPage 6 of 9\n第7页\n结束。"
    cleaned = clean_text(text)
    assert cleaned.text.count("东西部科技合作实施方案") == 1  # the header once, as the title
    assert "—" not in cleaned.text and "Page" not in cleaned.text and "第7页" not in cleaned.text
    assert cleaned.text.endswith("结束。")


def test_inline_page_marker_inside_running_text_is_cut():
    cleaned = clean_text("建设青藏高原综合科学—4—研究中心和科学数据中心。")
    assert cleaned.text == "建设青藏高原综合科学研究中心和科学数据中心。"
    i = cleaned.text.index("研究中心")
    assert cleaned.to_original(i) == "建设青藏高原综合科学—4—研究中心".index("研究中心")


def test_site_boilerplate_is_dropped_and_recorded():
    text = ("Home / Metal News / Nine departments issue a plan\n\n"
            "The Ministry of Science and Technology issued the plan on Friday to support Xinjiang.\n\n"
            "Share on WeChat\nFor queries, please contact Michael at michael@example.cn\n"
            "Copyright © 2022 Example Media\nRelated news\nhome appliances\n")
    cleaned = clean_text(text)
    assert cleaned.text == "The Ministry of Science and Technology issued the plan on Friday to support Xinjiang."
    found = [r["found"] for r in cleaned.repairs if r["kind"] == "boilerplate"]
    assert "Related news" in found and any(f.startswith("Home / Metal News") for f in found)


def test_download_site_notices_are_dropped():
    text = ("“十四五”东西部科技合作实施方案VIP专享VIP免费\n"
            "支持新疆开展碳中和技术联合攻关，推动绿色发展。\n"
            "1、当您付费下载文档后，您只拥有了使用权限，并不意味着购买了版权。\n2、本站所有内容均由合作方或网友上传。\n回到顶部\n")
    cleaned = clean_text(text)
    assert cleaned.text == "“十四五”东西部科技合作实施方案\n支持新疆开展碳中和技术联合攻关，推动绿色发展。"


def test_hard_wrapped_english_is_rejoined_and_dehyphenated():
    para = ("We will support the joint research of carbon peak and carbon neutral technology in key "
            "areas in Xinjiang, and carry out the research, development and demonstration of advanced "
            "energy technologies such as clean coal utilisation, intelligent wind turbines, energy "
            "storage and new energy microgrids, so as to support green development in Xinjiang.")
    import textwrap

    lines = textwrap.wrap(para, 60, break_on_hyphens=False)
    lines[1] = lines[1] + " coop-"
    lines[2] = "eration " + lines[2]
    wrapped = "1. Support Xinjiang\n" + "\n".join(lines) + "\n\n2. Next task"
    cleaned = clean_text(wrapped)
    body = cleaned.text.split("\n")[1]
    assert "cooperation" in body and "\n" not in body
    assert cleaned.text.startswith("1. Support Xinjiang\n") and cleaned.text.endswith("\n2. Next task")


def test_unwrapped_paragraph_lines_stay_separate():
    text = "Opinions on the Western Science City\nThe construction of the Western Science City is a strategic deployment.\n1. General requirements"
    assert clean_text(text).text == text


def test_garbled_column_copy_gives_way_to_the_clean_copy():
    clean = ("东西部科技合作是完善区域科技创新体系，推动区域和跨区域协同创新的重要举措，对于提升西部地区创新能力"
             "和解决发展不平衡不充分问题具有重要意义。支持新疆与中国农业科学院等联合开展良种培育、数字化棉田、智慧农场等技术攻关。")
    # what PDF column extraction leaves: pieces of each printed line, joined across the gap
    garbled = "\n".join(clean[i:i + 3] + clean[i + 7:i + 10] for i in range(0, len(clean) - 10, 14)) + "\n科 技 部\n2"
    # as in a PDF copy: title, the garbled columns, then the clean text that repeats the title
    cleaned = clean_text("东西部科技合作实施方案\n" + garbled + "\n东西部科技合作实施方案。" + clean)
    assert cleaned.text == "东西部科技合作实施方案\n东西部科技合作实施方案。" + clean
    assert [r["kind"] for r in cleaned.repairs] == ["garbled"]


def test_short_lines_without_a_clean_copy_are_kept():
    lines = "\n".join(["科技部", "教育部", "工业和信息化部", "自然资源部", "生态环境部", "国资委", "中科院", "2022年3月3日"])
    assert clean_text(lines).text == lines


def test_offsets_map_back_through_dropped_lines():
    text = "Home / News / Plan\n\nFirst paragraph about Xinjiang.\n\n—2—\nSecond paragraph about Tibet."
    cleaned = clean_text(text)
    i = cleaned.text.index("Tibet")
    assert text[cleaned.to_original(i):cleaned.to_original(i) + 5] == "Tibet"


def test_table_of_contents_is_dropped_as_a_copy():
    para = "，坚持政府引导、市场主体、要素融通、合作共赢，深化跨区域科技合作机制，推动资源共享和人才交流。\n"
    body = "".join(f"{h}\n{t}{para}" for h, t in [("一、总体要求", "以新发展理念为指导"), ("二、重点任务", "支持新疆碳中和技术攻关"),
                                                   ("三、保障措施", "健全协调推进机制"), ("四、组织实施", "各地科技管理部门要制定落实方案"),
                                                   ("五、附则", "本方案自印发之日起施行"), ("六、其他", "未尽事宜另行规定")])
    toc = "目录\n一、总体要求\n二、重点任务\n三、保障措施\n四、组织实施\n五、附则\n六、其他\n"
    cleaned = clean_text(toc + body)
    assert cleaned.text.count("一、总体要求") == 1
    assert [r["kind"] for r in cleaned.repairs] == ["other"]


def test_signature_block_named_again_in_the_text_is_kept():
    signature = "科技部\n教育部\n工业和信息化部\n自然资源部\n生态环境部\n国资委\n中科院\n工程院\n中国科协\n2022年3月3日\n"
    body = ("三、保障措施（一）健全协调推进机制。科技部、教育部、工业和信息化部、自然资源部、生态环境部、国资委、中科院、"
            "工程院、中国科协联合建立东西部科技合作协调推进机制，协调有关部门和地区加强与西部地区的科技合作。")
    cleaned = clean_text("关于印发方案的通知\n" + signature + body)
    assert "科技部\n教育部" in cleaned.text and cleaned.repairs == []


def test_a_text_of_only_short_lines_is_kept():
    assert clean_text("Hello\nWorld").text == "Hello\nWorld"


def test_a_page_number_between_two_halves_of_a_word_joins_them():
    from coopwatch.text.clean import clean_text

    para = ("推动新疆棉花、林果特色农业创新发展。支持新疆与中国农业科学院等联合开展良种培育、数字化棉田、智慧农场等技术攻关，"
            "提升高效节水和机械化采收装备技术水平，培育相关国家级技术创新平台，加强林果种质资源收集保存与利用，开展冷链物流研究。"
            "支持西藏联合开展高原生态保护技术攻关，推进青稞和牦牛种质资源创新与利用，建设国家重点实验室，加快农牧业成果转化。")
    w = para.index("学院")  # wrapped at this width, the first line ends in "中国农业科"
    lines = [para[i:i + w] for i in range(0, len(para), w)]
    text = "\n".join(lines[:1] + ["", "— 2 —", ""] + lines[1:])
    assert lines[0].endswith("农业科") and "中国农业科学院" in clean_text(text).text
