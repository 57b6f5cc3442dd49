/**
 * Exports of incident reports: the versioned JSON document, the printable written report, the
 * common DDoS and ransomware forms, and a regulator's sector list as CSV. Pure renderers: the
 * routes read the incident and hand its view, versions and names in.
 */
export { type AttackFacts, type CommonFormDocument, type CommonFormOptions, checkFormAnswers, commonFormHtml, commonFormJson, FORM_NOTICE, type FormValue } from './common-form-export.js';
export { COMMON_FORMS, type CommonForm, type CommonFormId, DDOS_FORM, FORM_FIELD_TABLE_MD, FORMS, type FormField, formFieldTableMd, RANSOMWARE_FORM } from './common-forms.js';
export { type IncidentHtmlOptions, incidentHtml, JP_WRITTEN_REPORT } from './incident-html.js';
export { INCIDENT_REPORT_SCHEMA_ID, INCIDENT_REPORT_SCHEMA_VERSION, type IncidentJsonOptions, type IncidentReportDocument, incidentJson } from './incident-json.js';
export { csvCell, SECTOR_CSV_COLUMNS, type SectorCsvOptions, sectorIncidentsCsv } from './sector-csv.js';
