"""The one schema declaration holds the data contract's columns."""

import pytest

from pipeline.output.schemas import SCHEMAS

CONTRACT = {
    "reports": "report_id title organisation committee report_kind period_start period_end source_path source_format "
               "source_sha256 page_count profile pipeline_version extracted_at status n_goals n_metrics n_links "
               "n_warnings",
    "sections": "report_id section_id parent_id level kind title text page_start page_end char_start char_end",
    "goals": "report_id goal_key perspective strategic_goal status status_source status_symbol status_color "
             "assessment n_success_factors page",
    "metrics": "report_id metric_key perspective strategic_goal success_factor metric metric_kind target_raw "
               "target_kind target_value target_unit target_women target_men target_direction status status_source "
               "status_symbol status_color trend trend_symbol page bbox_x0 bbox_top bbox_x1 bbox_bottom table_id "
               "row_index confidence",
    "links": "report_id metric_key section_id method score evidence",
    "facts": "report_id section_id metric_key sentence raw value unit qualifier gender char_start char_end",
    "entities": "report_id section_id text label char_start char_end",
    "tables": "report_id table_id page row_index col_index header row_label value_raw value_num",
    "errors": "report_id source_path stage page severity message",
    "changes": "metric_key from_report_id to_report_id change old_value new_value similarity",
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_datasets_schema_has_contract_columns(name):
    assert set(CONTRACT[name].split()) <= set(SCHEMAS[name].names)
