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
