// Functions the project grid calls by name (dash-ag-grid looks them up here).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// Sort by the exact integer 万元 amount, not by its 亿元 text; unknown amounts sort first.
dagfuncs.byInvestmentWan = function (valueA, valueB, nodeA, nodeB) {
    var a = nodeA.data.investment_wan;
    var b = nodeB.data.investment_wan;
    a = a === null || a === undefined ? -1 : a;
    b = b === null || b === undefined ? -1 : b;
    return a - b;
};
