"""Component ids of the web app, in one place so pages, callbacks and tests agree."""

from __future__ import annotations

NAVBAR = "navbar"

# 概览 Overview
OVERVIEW_TOTALS = "overview-totals"
OVERVIEW_TABLES = "overview-tables"
OVERVIEW_FINDINGS = "overview-findings"
OVERVIEW_CONSOLIDATED = "overview-consolidated-total"
OVERVIEW_ROWS = "overview-rows"
OVERVIEW_PROJECTS = "overview-projects"
OVERVIEW_FINDING_COUNT = "overview-finding-count"
OVERVIEW_EXPORT_BUTTON = "overview-export-button"
OVERVIEW_EXPORT_DOWNLOAD = "overview-export-download"

# 项目库 Portfolio
PROJECTS_LOCATION = "portfolio-location"
PROJECTS_COUNTY = "portfolio-county"
PROJECTS_GRID = "portfolio-grid"
PROJECTS_COUNT = "portfolio-count"
PROJECTS_DETAIL = "portfolio-detail"
PROJECTS_ERROR = "portfolio-error"

# 资金 Funding
FUNDING_LOCATION = "funding-location"
FUNDING_SCENARIO = "funding-scenario"
FUNDING_BY = "funding-by"
FUNDING_ERROR = "funding-error"
FUNDING_SHOWS = "funding-shows"
FUNDING_CHART = "funding-chart"
FUNDING_CUMULATIVE = "funding-cumulative"
FUNDING_TABLE = "funding-table"

# 指标 Indicators
INDICATORS_LOCATION = "indicators-location"
INDICATORS_PLAN = "indicators-plan"
INDICATORS_TABLE = "indicators-table"
INDICATORS_CHOICE = "indicators-choice"
INDICATORS_CHART = "indicators-chart"

# 甘特图 Gantt and 重叠 Overlap
GANTT_LOCATION = "gantt-location"
GANTT_SCENARIO = "gantt-scenario"
GANTT_CITY = "gantt-city"
GANTT_COUNTY = "gantt-county"
GANTT_GRAPH = "gantt-graph"
GANTT_SUMMARY = "gantt-summary"
GANTT_PROJECTS = "gantt-projects"
GANTT_UNSCHEDULED = "gantt-unscheduled"
GANTT_ERROR = "gantt-error"
OVERLAP_LOCATION = "overlap-location"
OVERLAP_SCENARIO = "overlap-scenario"
OVERLAP_CITY = "overlap-city"
OVERLAP_MEASURE = "overlap-measure"
OVERLAP_HEATMAP = "overlap-heatmap"
OVERLAP_UNITS = "overlap-units"
OVERLAP_COUNTY = "overlap-county"
OVERLAP_PAIRS = "overlap-pairs"
OVERLAP_ERROR = "overlap-error"
