from portfolio.formatting import wan_text, yi_text


def test_yi_text_is_exact_and_short() -> None:
    assert yi_text(19159100) == "1915.91"
    assert yi_text(3991330) == "399.133"
    assert yi_text(270000) == "27"
    assert yi_text(0) == "0"
    assert yi_text(1) == "0.0001"
    assert yi_text(None) == "-"


def test_wan_text() -> None:
    assert wan_text(19159100) == "19,159,100"
    assert wan_text(None) == "-"
