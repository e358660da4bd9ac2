// Which local authority area each LE postcode district lies in, for placing a respondent who gave
// a postcode but not their area. Postcode districts do not follow council boundaries: where a
// district is known to cross one, `certain` is false and the area is where most of it lies.
// Written from general knowledge without the ONS Postcode Directory to hand: check against the
// ONSPD before relying on the uncertain ones.

export type LocalArea = 'leicester' | 'leicestershire' | 'rutland'

export interface DistrictArea {
  area: LocalArea
  certain: boolean
  note: string
}

const inCity = (note = 'Leicester city'): DistrictArea => ({ area: 'leicester', certain: true, note })
const mostly = (area: LocalArea, note: string): DistrictArea => ({ area, certain: false, note })
const county = (note: string): DistrictArea => ({ area: 'leicestershire', certain: true, note })

export const leDistricts: Readonly<Record<string, DistrictArea>> = {
  LE1: inCity('Leicester city centre'),
  LE2: mostly('leicester', 'south Leicester; also Oadby (Oadby and Wigston, Leicestershire)'),
  LE3: mostly(
    'leicester',
    'west Leicester; also Glenfield, Braunstone Town, Leicester Forest East (Leicestershire)',
  ),
  LE4: mostly('leicester', 'north Leicester; also Birstall, Thurmaston (Charnwood, Leicestershire)'),
  LE5: mostly('leicester', 'east Leicester; also Thurnby, Scraptoft (Harborough, Leicestershire)'),
  LE6: mostly('leicestershire', 'Ratby and Groby area (Hinckley and Bosworth)'),
  LE7: mostly('leicestershire', 'Syston, Anstey and villages; a few streets in Leicester'),
  LE8: county('Blaby and Harborough villages south of Leicester'),
  LE9: county('Earl Shilton, Broughton Astley (Hinckley and Bosworth, Blaby, Harborough)'),
  LE10: county('Hinckley'),
  LE11: county('Loughborough'),
  LE12: mostly('leicestershire', 'Shepshed, Mountsorrel; reaches into Nottinghamshire villages'),
  LE13: county('Melton Mowbray'),
  LE14: mostly('leicestershire', 'villages round Melton; may reach into Rutland and Nottinghamshire'),
  LE15: mostly('rutland', 'Oakham, Uppingham; some Leicestershire villages near the border'),
  LE16: mostly('leicestershire', 'Market Harborough; also some Rutland and Northamptonshire villages'),
  LE17: mostly('leicestershire', 'Lutterworth; also some Warwickshire and Northamptonshire villages'),
  LE18: county('Wigston (Oadby and Wigston)'),
  LE19: county('Narborough, Enderby (Blaby)'),
  LE65: county('Ashby-de-la-Zouch (North West Leicestershire)'),
  LE67: county('Coalville (North West Leicestershire)'),
}

/** The outward code of a postcode or district as written: "le4 6ab" and "LE46AB" give "LE4". */
export function postcodeDistrict(written: string | null | undefined): string | undefined {
  if (!written) return undefined
  const compact = written.toUpperCase().replace(/\s+/g, '')
  if (!/^[A-Z]{1,2}\d[A-Z\d]?(\d[A-Z]{2})?$/.test(compact)) return undefined
  const spaced = written.trim().toUpperCase().split(/\s+/)
  if (spaced.length === 2) return spaced[0]
  return compact.length >= 5 && /\d[A-Z]{2}$/.test(compact) ? compact.slice(0, -3) : compact
}

/** The area of an LE district, if it is in the lookup. */
export function areaOfDistrict(district: string | undefined): DistrictArea | undefined {
  return district ? leDistricts[district] : undefined
}
