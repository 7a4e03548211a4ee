"""Investment schedules as files: DTOs (:mod:`.model`), the workbook and CSV writers
(:mod:`.workbook`) and the reader of edited schedules (:mod:`.reader`). No database here."""
