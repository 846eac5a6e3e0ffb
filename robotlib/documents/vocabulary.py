"""What the card prints from closed lists: ethnic groups, provinces, CJK names."""

from __future__ import annotations

import re

ETHNIC_GROUPS: tuple[str, ...] = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip

#: every address on the card starts with one of these
PROVINCES: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南",
    "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)  # fmt: skip

#: one hanzi (CJK unified ideographs, extension A and the supplementary planes)
HANZI = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
#: a name or an authority: CJK characters, and the middle dot between a minority name's parts
CJK_NAME = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f·]+")
