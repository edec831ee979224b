"""Character classes of the scripts written without spaces between words, for regular expressions."""

# Han ideographs: unified, extension A, compatibility, and the supplementary planes (extensions B and later).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Everything compared or matched character by character: Han plus radicals, kana, bopomofo and Hangul.
CJK = "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\uac00-\ud7af" + HAN
