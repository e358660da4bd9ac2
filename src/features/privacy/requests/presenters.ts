import type { SubjectAccessReport } from './service.js'

/** What the results page lists: enough to recognise the person's records, the rest is in the download. */
export function presentResults(report: SubjectAccessReport) {
  return {
    found: report.responses.length + report.savedDrafts.length + report.messagesSent.length > 0,
    responses: report.responses.map((r) => ({
      reference: r.reference,
      consultation: r.consultation,
      channel: r.channel,
      submittedAt: r.submittedAt,
      contact: r.contact
        ? [r.contact.name, r.contact.email, r.contact.phone, r.contact.postcode].filter(Boolean).join(', ')
        : '',
      held: [
        ...('paper' in r && r.paper ? [`paper ${r.paper.reference}`] : []),
        ...('correspondence' in r && r.correspondence?.file ? ['letter or email as received'] : []),
        ...('import' in r && r.import ? [`import ${r.import.file}`] : []),
      ].join(', '),
    })),
    drafts: report.savedDrafts.length,
    messages: report.messagesSent.length,
  }
}
