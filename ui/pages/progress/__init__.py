"""进度 Progress: planned against actual spend, per project, plan and county."""
