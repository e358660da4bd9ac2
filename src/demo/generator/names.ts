import { pick } from '../random.js'
import type { Random } from './sampling.js'

// Invented people's names, in the mix of backgrounds found in Leicester, Leicestershire and
// Rutland, with contact details from ranges reserved for fiction (Ofcom's drama numbers and the
// example.* domains), so nothing generated can reach a real person.

export interface PersonName {
  first: string
  last: string
}

interface NameGroup {
  female: readonly string[]
  male: readonly string[]
  surnames: readonly string[]
  /** Where a surname has a feminine form (Polish -ska, Sikh Kaur). */
  femaleSurnames?: readonly string[]
}

const nameGroups = {
  british: {
    female: [
      'Margaret',
      'Susan',
      'Sarah',
      'Emma',
      'Claire',
      'Julie',
      'Karen',
      'Rachel',
      'Helen',
      'Jennifer',
      'Sophie',
      'Chloe',
      'Lauren',
      'Patricia',
      'Janet',
      'Linda',
      'Gillian',
      'Pauline',
      'Joanne',
      'Amy',
      'Hannah',
      'Ellie',
      'Siobhan',
      'Bridget',
    ],
    male: [
      'David',
      'John',
      'Paul',
      'Mark',
      'Andrew',
      'Stephen',
      'James',
      'Daniel',
      'Michael',
      'Richard',
      'Peter',
      'Gary',
      'Craig',
      'Lee',
      'Tom',
      'Jack',
      'Ryan',
      'Alan',
      'Keith',
      'Graham',
      'Sean',
      'Liam',
    ],
    surnames: [
      'Smith',
      'Jones',
      'Taylor',
      'Brown',
      'Wilson',
      'Walker',
      'Wright',
      'Clarke',
      'Hughes',
      'Green',
      'Hall',
      'Wood',
      'Harris',
      'Thompson',
      'Robinson',
      'Cooper',
      'Ward',
      'Turner',
      'Bailey',
      'Marshall',
      'Chapman',
      'Barker',
      'Freeman',
      'Sutton',
      'Gibson',
      'Lowe',
      'Murphy',
      'Kelly',
      'Doyle',
    ],
  },
  gujarati: {
    female: [
      'Priya',
      'Anjali',
      'Bhavna',
      'Hetal',
      'Nisha',
      'Kiran',
      'Meena',
      'Sonal',
      'Rekha',
      'Jayshree',
      'Pooja',
      'Hema',
      'Dipti',
      'Manisha',
    ],
    male: [
      'Rajesh',
      'Sunil',
      'Vijay',
      'Hitesh',
      'Nilesh',
      'Ashok',
      'Dipak',
      'Kishor',
      'Mehul',
      'Ravi',
      'Ketan',
      'Sanjay',
      'Jayesh',
      'Pravin',
    ],
    surnames: [
      'Patel',
      'Patel',
      'Patel',
      'Mistry',
      'Parmar',
      'Chauhan',
      'Lad',
      'Solanki',
      'Joshi',
      'Shah',
      'Thakkar',
      'Pandya',
      'Modha',
      'Kotecha',
      'Vaghela',
      'Makwana',
      'Chudasama',
    ],
  },
  sikh: {
    female: ['Harpreet', 'Jaspreet', 'Manjit', 'Gurpreet', 'Simran', 'Kulwinder', 'Rajvinder', 'Navdeep'],
    male: ['Gurdeep', 'Jaswinder', 'Harjit', 'Sukhdev', 'Amarjit', 'Ranjit', 'Kuldip', 'Manpreet'],
    surnames: ['Singh', 'Gill', 'Sandhu', 'Dhillon', 'Bains', 'Johal', 'Sahota', 'Rai'],
    femaleSurnames: ['Kaur', 'Kaur', 'Gill', 'Sandhu', 'Dhillon', 'Bains', 'Johal', 'Sahota'],
  },
  southAsianMuslim: {
    female: [
      'Aisha',
      'Fatima',
      'Hina',
      'Saima',
      'Nazia',
      'Rubina',
      'Shabana',
      'Ayesha',
      'Yasmin',
      'Farzana',
      'Sumaiya',
      'Rukhsana',
    ],
    male: [
      'Imran',
      'Mohammed',
      'Asif',
      'Tariq',
      'Zubair',
      'Faisal',
      'Irfan',
      'Bilal',
      'Shahid',
      'Yusuf',
      'Abdul',
      'Salim',
    ],
    surnames: [
      'Khan',
      'Hussain',
      'Ahmed',
      'Ali',
      'Patel',
      'Mulla',
      'Malik',
      'Iqbal',
      'Rahman',
      'Miah',
      'Chowdhury',
      'Uddin',
    ],
    femaleSurnames: [
      'Khan',
      'Hussain',
      'Ahmed',
      'Begum',
      'Begum',
      'Patel',
      'Mulla',
      'Malik',
      'Iqbal',
      'Rahman',
    ],
  },
  african: {
    female: [
      'Hodan',
      'Fadumo',
      'Ayan',
      'Amina',
      'Sahra',
      'Deeqa',
      'Grace',
      'Blessing',
      'Chioma',
      'Ama',
      'Abena',
      'Ifeoma',
    ],
    male: [
      'Abdi',
      'Mohamed',
      'Abdirahman',
      'Mahad',
      'Ahmed',
      'Tunde',
      'Chidi',
      'Kwame',
      'Emmanuel',
      'Samuel',
      'Yaw',
      'Liban',
    ],
    surnames: [
      'Abdi',
      'Warsame',
      'Hassan',
      'Farah',
      'Jama',
      'Ali',
      'Okafor',
      'Mensah',
      'Adeyemi',
      'Boateng',
      'Osei',
      'Nwosu',
      'Egal',
    ],
  },
  caribbean: {
    female: ['Marcia', 'Paulette', 'Simone', 'Jasmine', 'Sonia', 'Beverley', 'Janice'],
    male: ['Delroy', 'Winston', 'Marcus', 'Leon', 'Trevor', 'Clive', 'Errol'],
    surnames: ['Campbell', 'Williams', 'Thomas', 'Edwards', 'Francis', 'Bailey', 'Grant', 'Reid', 'Morgan'],
  },
  easternEuropean: {
    female: ['Katarzyna', 'Agnieszka', 'Magdalena', 'Ioana', 'Elena', 'Monika', 'Joanna', 'Daria'],
    male: ['Piotr', 'Tomasz', 'Marek', 'Andrei', 'Mihai', 'Pawel', 'Lukas', 'Jakub'],
    surnames: [
      'Kowalski',
      'Nowak',
      'Wisniewski',
      'Popescu',
      'Ionescu',
      'Kaminski',
      'Lewandowski',
      'Kazlauskas',
    ],
    femaleSurnames: [
      'Kowalska',
      'Nowak',
      'Wisniewska',
      'Popescu',
      'Ionescu',
      'Kaminska',
      'Lewandowska',
      'Balciunaite',
    ],
  },
  chinese: {
    female: ['Wei', 'Mei', 'Xiaoling', 'Jing', 'Yan', 'Hui'],
    male: ['Jun', 'Hao', 'Lei', 'Ming', 'Jian', 'Chen'],
    surnames: ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Wong', 'Lam', 'Huang'],
  },
  arab: {
    female: ['Layla', 'Mariam', 'Noor', 'Rana', 'Huda', 'Salma'],
    male: ['Omar', 'Karim', 'Sami', 'Yousef', 'Khalid', 'Hamza'],
    surnames: ['Haddad', 'Mansour', 'Saleh', 'Nasser', 'Khalil', 'Hamdan', 'Aziz'],
  },
} satisfies Record<string, NameGroup>

export type NameGroupKey = keyof typeof nameGroups

const nameGroupKeys = Object.keys(nameGroups) as NameGroupKey[]

/** The name tradition a person most likely carries, from their ethnic group and religion. */
export function nameGroupFor(random: Random, ethnicGroup: string, religion: string | null): NameGroupKey {
  switch (ethnicGroup) {
    case 'asian_indian':
      if (religion === 'sikh') return 'sikh'
      if (religion === 'muslim') return 'southAsianMuslim'
      return random() < 0.85 ? 'gujarati' : 'sikh'
    case 'asian_pakistani':
    case 'asian_bangladeshi':
      return 'southAsianMuslim'
    case 'asian_chinese':
      return 'chinese'
    case 'asian_other':
      return random() < 0.5 ? 'gujarati' : 'southAsianMuslim'
    case 'black_african':
      return 'african'
    case 'black_caribbean':
      return 'caribbean'
    case 'black_other':
      return random() < 0.5 ? 'african' : 'caribbean'
    case 'white_other':
    case 'white_roma':
      return random() < 0.7 ? 'easternEuropean' : 'british'
    case 'other_arab':
      return 'arab'
    case 'other_any':
    case 'mixed_other':
      return pick(random, nameGroupKeys)
    default:
      return 'british'
  }
}

export function drawName(random: Random, group: NameGroupKey, sex: 'female' | 'male'): PersonName {
  const names: NameGroup = nameGroups[group]
  const first = pick(random, sex === 'female' ? names.female : names.male)
  const last = pick(random, sex === 'female' ? (names.femaleSurnames ?? names.surnames) : names.surnames)
  return { first, last }
}

/** A name of any background, for people mentioned in comments (a nurse, a neighbour). */
export function anyName(random: Random): PersonName {
  return drawName(random, pick(random, nameGroupKeys), random() < 0.6 ? 'female' : 'male')
}

export const fullName = (name: PersonName): string => `${name.first} ${name.last}`

const domains = ['example.com', 'example.org', 'example.net'] as const

export function emailFor(random: Random, name: PersonName, domain?: string): string {
  const first = name.first.toLowerCase()
  const last = name.last.toLowerCase()
  const at = domain ?? pick(random, domains)
  const form = random()
  if (form < 0.4) return `${first}.${last}@${at}`
  if (form < 0.6) return `${first}${last}${10 + Math.floor(random() * 90)}@${at}`
  if (form < 0.8) return `${first[0] ?? ''}${last}@${at}`
  return `${first}_${1950 + Math.floor(random() * 55)}@${at}`
}

/** Ofcom's drama ranges: 07700 900000–900999 (mobile) and 0116 496 0000–0999 (Leicester). */
export function phoneNumber(random: Random): string {
  const last3 = String(Math.floor(random() * 1000)).padStart(3, '0')
  return random() < 0.75 ? `07700 900${last3}` : `0116 496 0${last3}`
}

const inwardLetters = [...'ABDEFGHJLNPQRSTUWXYZ']

/** A full postcode in the district: a made-up inward code, as it would be written on a letter. */
export function fullPostcode(random: Random, district: string): string {
  const digit = Math.floor(random() * 10)
  return `${district} ${digit}${pick(random, inwardLetters)}${pick(random, inwardLetters)}`
}
