// The themes people raise, each with a stable code and several ways of saying it. Every phrasing
// says its theme and nothing else, so a comment's gold labels are exactly the themes composed into
// it. Tags at the start of a phrasing limit who would say it: [carer], [staff], [user] (someone
// who uses services), [org] (an organisation's response), [city] or [rural]. Slots in braces are
// filled per comment: {rel} ("my son"), {Rel}, {he}, {He}, {him}, {his}, {town}, {weeks},
// {months}, {hours}, {years} and {org}.

export type Polarity = 'positive' | 'negative' | 'neutral'
export type Voice = 'carer' | 'staff' | 'user' | 'org'
export type Place = 'city' | 'rural'

export interface Phrasing {
  text: string
  voice: Voice | null
  place: Place | null
}

export interface Theme {
  code: string
  label: string
  polarity: Polarity
  /** The proposal it is about, or null for a theme that can come up anywhere. */
  proposal: number | null
  phrasings: Phrasing[]
}

const voices = new Set<string>(['carer', 'staff', 'user', 'org'])
const places = new Set<string>(['city', 'rural'])

function phrasing(raw: string): Phrasing {
  let text = raw
  let voice: Voice | null = null
  let place: Place | null = null
  for (let tag = /^\[(\w+)\] /.exec(text); tag; tag = /^\[(\w+)\] /.exec(text)) {
    const name = tag[1] ?? ''
    if (voices.has(name)) voice = name as Voice
    else if (places.has(name)) place = name as Place
    else throw new Error(`unknown phrasing tag [${name}]`)
    text = text.slice(tag[0].length)
  }
  return { text, voice, place }
}

const theme = (
  code: string,
  label: string,
  polarity: Polarity,
  proposal: number | null,
  phrasings: string[],
): Theme => ({ code, label, polarity, proposal, phrasings: phrasings.map(phrasing) })

export const themeBank: Theme[] = [
  theme('central_access_support', 'Supports one number for help', 'positive', 1, [
    'One number to ring would make it so much easier. Last time I was passed between four different services before anyone helped.',
    "Yes. People in crisis can't be expected to know which team to call.",
    "Having text and BSL as well as the phone is really important, not everyone can talk on the phone when they're struggling.",
    'A call back within 4 hours would be a massive improvement on what happens now.',
    'Good idea.',
    'Simple to understand and easy to remember, that is what people need.',
    '[carer] When {rel} was unwell I spent a whole afternoon ringing round. The GP said ring the crisis team, the crisis team said ring 111, and 111 said go to A&E. One number that actually gets you to someone who can help would have saved us so much worry. Please make sure it is answered by people who know what they are doing.',
    "[user] I have rung lots of numbers over the years and half of them don't get answered at night. If this is properly staffed 24/7 I'm all for it.",
    '[staff] From a staff point of view a single point of access would cut down the referrals that bounce between teams.',
    '[org] Our members welcome a single point of access. Many told us they did not know who to call, and that being passed between services was one of the most distressing parts of asking for help.',
  ]),
  theme('central_access_concern', 'Doubts about the central access point', 'negative', 1, [
    'Another phone line. What happens when nobody answers?',
    "I don't believe a 4 hour call back will happen, it doesn't now.",
    "Phone lines are no good for people who can't talk on the phone, or who have no credit.",
    'It will turn into a call centre reading from a script. People in crisis need someone who knows them.',
    'Worried this will be a way of keeping people away from real help.',
    '[user] The last time I rang a helpline I was on hold for {hours} hours and then got cut off. I gave up. One number is only as good as the people answering it.',
    '[staff] The access point will only work if there are enough clinicians behind it. Otherwise it just moves the queue somewhere else.',
    '[org] We are concerned that a central number becomes a gatekeeper. Unless call-back times are published and met, people we support will simply stop ringing.',
  ]),
  theme('crisis_cafe_support', 'Supports more crisis cafés', 'positive', 2, [
    'Crisis cafés are a brilliant idea, somewhere to go without an appointment.',
    "Yes please, somewhere to go that isn't A&E.",
    'Having them in community venues means people will actually use them, it feels less clinical.',
    '25 cafés across the area would mean there is one near most people. Great.',
    'Love this idea.',
    '[user] I went to a crisis café a few times last year. Just having a cup of tea with someone who understood helped me get through the night. More of them would save lives.',
    '[carer] It would give {rel} somewhere to go when things get too much at home, and give the rest of us a break too.',
    '[org] Drop-in spaces run by community organisations are trusted in a way clinical settings are not. We would be keen to host one.',
  ]),
  theme('crisis_cafe_concern', 'Doubts about crisis cafés', 'negative', 2, [
    'Cafés need to be open late at night, that is when people struggle most.',
    "Who will staff them? Volunteers can't be expected to deal with people in serious crisis.",
    'A café is not treatment. It feels like a cheap replacement for proper services.',
    "Opening from 6 till 11 doesn't help anyone at 3am.",
    "Some people won't feel safe walking into a café full of strangers when they're in crisis.",
    '[rural] 25 cafés sounds a lot but I bet none of them will be anywhere near {town}.',
    '[org] Voluntary-sector venues cannot take on people in acute crisis without clinical back-up, training and long-term funding. Short grants will not do.',
  ]),
  theme('crisis_service_support', 'Supports the improved crisis service', 'positive', 3, [
    'Being able to refer yourself is so important. Going through a GP first wastes days.',
    'No upper age limit is the right thing to do, older people have crises too.',
    'Treatment at home is much better than being admitted to a ward miles away.',
    '24/7 means 24/7. Good.',
    '[user] The home treatment team kept me out of hospital. I want other people to have that.',
    '[carer] When {rel} was treated at home by the crisis team it made a huge difference. {He} could stay with family and we could see how {he} was doing every day. It was hard work for us but much better than a ward.',
    '[org] Removing the upper age limit addresses a gap our older members have raised with us for years.',
  ]),
  theme('crisis_service_concern', 'Doubts about the improved crisis service', 'negative', 3, [
    'Intensive home treatment puts a lot on families, who are not trained and get no support.',
    'Self-referral will be swamped and the people who really need it will wait longer.',
    "The crisis team already can't cope. Making it bigger won't work without more staff.",
    'What does intensive actually mean? A phone call once a day is not intensive.',
    '[carer] Home treatment sounds good on paper but it meant I was looking after {rel} on my own for most of the day, with a nurse popping in for ten minutes. I was exhausted and frightened. Families need more help than that.',
    '[org] Home treatment shifts a great deal of the work onto families. The proposal says little about what support they will get.',
  ]),
  theme('police_triage_support', 'Supports more police triage car hours', 'positive', 4, [
    'Having a mental health nurse with the police is much better than someone being taken to a cell.',
    'The triage car works, more hours please.',
    'Anything that stops people in crisis being arrested is a good thing.',
    'Yes, the police are often first on the scene so they need proper support.',
    "[staff] I've seen the triage car turn a situation round in minutes. The officers are relieved to have a clinician with them.",
    '[org] Where a clinician attends alongside the police, the people we work with tell us the outcome is calmer and more humane.',
  ]),
  theme('police_triage_concern', 'Doubts about police triage', 'negative', 4, [
    'Police should not be the first people to see someone in crisis.',
    'Seeing a police car outside your house makes things worse, the neighbours all talk.',
    "People from some communities don't trust the police. A police car turning up can make a crisis much worse.",
    '[staff] More triage car hours are fine but the problem is there is nowhere to take people afterwards. We end up waiting with them in A&E for hours.',
    '[staff] This uses mental health staff to cover what should be a police job. Those staff are needed in the community teams.',
    "[user] When the police came for me I was terrified. Even with a nurse there it felt like I'd done something wrong. I'd rather the money went on more crisis staff.",
    '[org] For many in the communities we serve, any police involvement deters people from seeking help. We would prefer investment in non-police crisis response.',
  ]),
  theme('urgent_care_hub_support', 'Supports keeping the urgent care hub', 'positive', 5, [
    'The urgent care hub helped me when I could not face A&E. Please keep it.',
    "Keep the hub. A&E is the worst place to be when you're in crisis.",
    "It's been running since 2020 and it works, so it makes sense to keep it.",
    'Yes, definitely keep it.',
    '[carer] We took {rel} to the hub last winter. It was calm and quiet and the staff were kind. In A&E {he} would have been sat in a corridor for hours with people shouting. Please make it permanent.',
    '[org] Feedback from our members about the hub has been consistently good. Making it permanent gives certainty to people who rely on it.',
  ]),
  theme('urgent_care_hub_concern', 'Doubts about the urgent care hub', 'negative', 5, [
    "Most people don't know the hub exists. It needs to be much better advertised.",
    "You can't just walk in, you have to be referred, which defeats the point.",
    'Making it permanent is fine but it needs more space and longer opening hours.',
    "[rural] The hub is in Leicester. That's no use to people in {town} at 2 in the morning.",
    '[org] The hub is only reachable for people who can get into the city. Rural residents need an equivalent closer to home.',
  ]),
  theme('liaison_support', 'Supports the acute liaison service', 'positive', 6, [
    "Mental health staff in the hospital would make a big difference, A&E staff don't always know how to help.",
    'Good. People with mental health problems are often treated badly in A&E.',
    'Joined-up care between physical and mental health is long overdue.',
    'Makes sense.',
    '[user] I was admitted to the general hospital after a crisis and nobody asked me how I was feeling. It was like they just wanted the bed back. Having a team there to talk to people would have helped a lot.',
    '[org] A liaison service in the general hospitals would help the many people we support who have both physical and mental health needs.',
  ]),
  theme('liaison_concern', 'Doubts about the liaison service', 'negative', 6, [
    "A liaison team is only useful if people are seen quickly. Waiting 12 hours in A&E to see them isn't good enough.",
    'This just moves staff from the community into hospitals.',
    "Older people with dementia end up on the wrong wards. I'm not sure a liaison team will fix that.",
    '[org] We are concerned the liaison service will draw experienced staff away from community teams that are already stretched.',
  ]),
  theme('vulnerable_groups_support', 'Supports joined-up support for vulnerable groups', 'positive', 7, [
    'Homeless people are so often missed, this is badly needed.',
    'Joined-up support is the right idea, people fall through the gaps between services.',
    'Good to see people who are homeless, refugees and people leaving prison mentioned.',
    'Yes to this.',
    '[staff] I work with people who are homeless and getting them mental health support is almost impossible without an address. Anything joined up will help.',
    '[org] We strongly support this. The people we work with are usually known to several services, none of which talk to each other.',
  ]),
  theme('vulnerable_groups_concern', 'Doubts about support for vulnerable groups', 'negative', 7, [
    'Too vague. Which groups, and what will actually change?',
    'Joined-up support has been promised for years and never happens.',
    "You need to mention people with learning disabilities and autism, they're often left out.",
    'Asylum seekers and people who have just arrived are vulnerable too and they are not mentioned.',
    '[org] The proposal does not say which groups are included or how services will share information. Without that it is hard to comment.',
  ]),
  theme('neighbourhood_teams_support', 'Supports neighbourhood mental health teams', 'positive', 8, [
    'Care closer to home is what people want.',
    'Having separate teams for older adults is really good, their needs are different.',
    'Local teams that know the area and the people is the way forward.',
    'Yes, good idea.',
    '[rural] If there is a team based near {town} that would be a big help, we are often forgotten out here.',
    '[carer] Knowing the same team would be looking after {rel}, and that we could get to them easily, would be a weight off my mind.',
    '[org] Neighbourhood teams aligned with GP practices and local voluntary groups are what our members have been asking for.',
  ]),
  theme('neighbourhood_teams_concern', 'Doubts about neighbourhood teams', 'negative', 8, [
    'Eight teams for the whole of Leicester, Leicestershire and Rutland is not local.',
    'Worried this means closing the clinics people use now.',
    'Splitting into adults and older adults means people get passed between teams when they turn 65.',
    "[rural] Neighbourhood teams sound local but they'll cover huge areas. {town} will lose out again.",
    '[staff] Restructuring the teams again will lose experienced staff. Every reorganisation we lose good people.',
    '[org] Our rural members fear that neighbourhood teams will be based in the larger towns, leaving villages further from care than they are now.',
  ]),
  theme('access_difficulty', 'Hard to get help', 'negative', null, [
    'It is too hard to get help. You have to be at rock bottom before anyone listens.',
    "My GP just kept upping my tablets. I couldn't get referred to anyone.",
    'Getting through to anyone is impossible.',
    "Services only work 9 to 5 Monday to Friday. Mental illness doesn't.",
    "[user] I have tried for over a year to get help. Every time I'm told I'm either too unwell for one service or not unwell enough for another. I've stopped asking.",
    '[carer] We had to wait until {rel} was in crisis before anyone would see {him}.',
    '[org] The most common thing people tell us is that they cannot get help until things have become very serious.',
  ]),
  theme('waiting_times', 'Waiting times', 'negative', null, [
    'Waiting times are far too long. I waited {months} months for an assessment.',
    'People are waiting months for therapy and getting worse in the meantime.',
    '{weeks} weeks for a first appointment is not acceptable.',
    'waiting lists need sorting before anything else',
    'Too long to be seen.',
    '[user] I was told the waiting list for therapy was {months} months. In that time I lost my job and nearly my flat. By the time they rang me I was in a much worse place.',
    '[carer] {Rel} has been on a waiting list for {months} months. We have been told nothing in that time.',
  ]),
  theme('staffing', 'Staffing', 'negative', null, [
    'Where are all the staff for this coming from?',
    'There are not enough nurses now, so how will you run more services?',
    'Staff turnover means you never see the same person twice.',
    'None of this works without enough trained staff.',
    "[staff] I have worked in mental health for {years} years and I've never known staffing this bad. New services are great but you need to look after the staff you have.",
    '[staff] We rely on agency staff every shift. That costs a fortune and patients get no continuity.',
    '[org] Recruitment and retention are the biggest risks to these proposals. We see the same vacancies advertised again and again.',
  ]),
  theme('transport', 'Transport and travel', 'negative', null, [
    'Please think about how people will get there. Not everyone drives.',
    'Parking at the hospital is a nightmare and very expensive.',
    '[city] Buses across the city are expensive and unreliable, and taxis cost a fortune.',
    '[rural] Getting to Leicester from {town} without a car is very hard.',
    '[rural] The bus from {town} only runs every two hours and not at all on Sundays.',
    '[rural] Last time {rel} had an appointment in Leicester it took us most of the day. Two buses there, a long wait, and two buses back. {He} was so anxious by the time we got there that the appointment was almost pointless.',
    '[org] Transport is a real barrier for rural residents. Several of our members have missed appointments because the only bus did not connect.',
  ]),
  theme('stigma', 'Stigma', 'negative', null, [
    "There's still a lot of stigma around mental health, especially for men.",
    "In my community people don't talk about mental health. Services need to go to them.",
    'People are scared of being labelled, so they do not ask for help until it is too late.',
    'Mental illness is still treated as something to be ashamed of.',
    "[user] I didn't tell anyone at work for years because I thought I'd lose my job. More needs to be done about stigma.",
    '[org] Stigma remains a major barrier in the communities we work with, and it stops families seeking help early.',
  ]),
  theme('carers_experience', "Carers' experiences", 'negative', null, [
    'Families and carers must be included in these plans.',
    'Carers need respite and proper support.',
    '[carer] As a carer I am never asked what I think.',
    '[carer] Carers are left to pick up the pieces with no support.',
    "[carer] Staff hide behind confidentiality and won't tell us anything, even when we're the ones keeping {him} safe.",
    '[carer] I have cared for {rel} for {years} years. Nobody has ever asked how I am coping. When things go wrong I am the one who gets the phone call at 3am, and I am the one who sits with {him} in A&E. Carers need to be part of the plan, not an afterthought.',
    '[org] Carers consistently tell us they are shut out of decisions about the person they care for, then expected to provide care at home without support.',
  ]),
  theme('crisis_story', 'A story of a crisis', 'negative', null, [
    "I've been in crisis and been turned away. That can't keep happening.",
    'Someone close to me was turned away from services and is now in a much worse state.',
    '[user] When I was in crisis I went to A&E and waited {hours} hours to be seen. I was sent home with a leaflet.',
    "[user] Last year I reached a point where I couldn't cope. I rang the crisis line and was told someone would call me back. Nobody did. My friend took me to A&E where I waited all night on a plastic chair. I was seen by a doctor in the morning and sent home. I'm okay now, but I was lucky.",
    '[carer] When {rel} was in crisis we called the crisis team three times and nobody came. In the end we called an ambulance.',
    "[carer] The night {rel} became really unwell, the police were the only ones who came. They were kind but they weren't the right people. We waited {hours} hours for a mental health assessment.",
  ]),
  theme('praise_staff', 'Praise for staff and services', 'positive', null, [
    'The staff I have met have been brilliant.',
    'My CPN has been amazing.',
    'Thank you to everyone working in mental health, you do a great job in difficult circumstances.',
    "[user] I wouldn't be here without the crisis team. They were kind, they listened, and they came back every day until I was safe.",
    '[carer] The nurses who looked after {rel} were fantastic. They treated {him} like a person.',
    '[org] We want to recognise the commitment of frontline staff, which our members mention again and again.',
  ]),
  theme('communication_languages', 'Information, languages and interpreters', 'neutral', null, [
    'Information needs to be in other languages, like Gujarati, Punjabi, Urdu, Somali and Polish.',
    'More information in other languages please, my mother does not read English.',
    'Easy read versions would help a lot of people.',
    'Please make sure interpreters are available, and not family members.',
    'You need to use community radio and places of worship to tell people about services.',
    '[org] Information must be available in community languages and easy read, and interpreters should be booked routinely rather than on request.',
  ]),
  theme('digital_exclusion', 'Digital exclusion', 'negative', null, [
    'Not everyone has the internet or a smartphone.',
    'Older people like me cannot always use online services. Please keep a phone and face-to-face option.',
    "Everything is online now. If you can't use a computer you're left behind.",
    'Video calls are no good for everyone, some people need to see someone in person.',
    "[user] During lockdown all my appointments were on video. I don't have wifi at home so I sat in the library car park to get a signal. Please don't make everything online.",
    '[org] Many of the people we support have no internet access or cannot afford data. Services designed online-first will exclude them.',
  ]),
  theme('funding', 'Funding', 'negative', null, [
    'Where is the money coming from?',
    'This all sounds good but it needs proper funding, not money taken from other services.',
    'Mental health has been underfunded for years.',
    'I fear this is cost cutting dressed up as improvement.',
    '[org] Voluntary organisations are expected to deliver more and more on short-term grants. Sustainable funding must be part of the plan.',
  ]),
  theme('consultation_process', 'About the consultation itself', 'neutral', null, [
    "The questionnaire was quite long but I'm glad you asked.",
    "Most people I know haven't heard of this consultation. Please advertise it more widely.",
    'Please tell us what you decide and why.',
    'Some of the questions were hard to understand.',
    "I'd like to know how our views will actually be used.",
  ]),
  theme('keep_services_local', 'Keep services local', 'negative', null, [
    'Keep services local.',
    "Don't close local clinics. People need help close to home.",
    "[rural] Please keep services in {town}, people shouldn't have to travel.",
    "[rural] We had a clinic in {town} and now it's gone. Please don't take any more away.",
  ]),
  theme('alternative_idea', 'Another idea to consider', 'neutral', null, [
    'Have you thought about mental health workers in GP surgeries?',
    'Peer support workers who have been through it themselves would help a lot.',
    'Schools and colleges need more support so problems are caught earlier.',
    "Why not a text service for young people? Many won't ring a phone line.",
    'Work with faith groups and community centres, people trust them.',
    'Some kind of follow up after people leave the crisis service, even just a phone call.',
    '[org] We suggest a peer support worker in every neighbourhood team, recruited from the communities it serves.',
  ]),
  theme('general_support', 'Supports the proposals overall', 'positive', null, [
    'Overall I think these proposals are a big step forward.',
    'I support all of these changes.',
    'Good proposals, please get on with it.',
    'Thank you for listening to people. These plans look much better than what we have now.',
    'Anything that improves mental health services gets my vote.',
    'All sounds positive.',
    '[org] Overall we support the direction of these proposals and would like to be involved in putting them into practice.',
  ]),
  theme('unsure_need_information', 'Not sure; wants more information', 'neutral', null, [
    "I don't know enough about this to say.",
    'Not sure, I would need more detail.',
    "I haven't used this service so I can't really comment.",
    'Hard to say without knowing how it would work in practice.',
    'No strong view either way.',
  ]),
  theme('scepticism', 'Doubts anything will change', 'negative', null, [
    'Good ideas but I will believe it when I see it.',
    "We've heard all this before.",
    'Lots of nice words, but what will actually change?',
    "I'm sure the decision has already been made.",
    'Sounds great on paper.',
  ]),
]

export const themeByCode: ReadonlyMap<string, Theme> = new Map(themeBank.map((t) => [t.code, t]))

/** Each proposal's two themes, for and against, by proposal number (1 to 8). */
export const proposalThemes: ReadonlyMap<number, { support: Theme; concern: Theme }> = new Map(
  [1, 2, 3, 4, 5, 6, 7, 8].map((proposal) => {
    const support = themeBank.find((t) => t.proposal === proposal && t.polarity === 'positive')
    const concern = themeBank.find((t) => t.proposal === proposal && t.polarity === 'negative')
    if (!support || !concern) throw new Error(`proposal ${proposal} needs a theme for and against`)
    return [proposal, { support, concern }]
  }),
)

/** Opening lines of an organisation's response: context, never a theme. */
export const organisationPreambles = [
  'This response is from {org}. We asked our members what they thought and this summarises what they told us.',
  'We are writing on behalf of {org}. We held two sessions with the people we support to discuss the proposals.',
  '{org} welcomes the chance to respond. Our comments draw on conversations with our members and volunteers.',
]

/** A letter's greeting and sign-off: context, never a theme. */
export const letterOpenings = [
  'Dear Sir or Madam,',
  'To whom it may concern,',
  'Dear consultation team,',
  'Hello,',
]
export const letterClosings = [
  'Yours faithfully',
  'Yours sincerely',
  'Kind regards',
  'Thank you for reading this.',
]

/** Common misspellings, applied to some comments for realism: correct word, then as misspelt. */
export const misspellings: Record<string, string> = {
  definitely: 'definately',
  receive: 'recieve',
  separate: 'seperate',
  appointment: 'appointement',
  because: 'becuase',
  services: 'servises',
  waiting: 'wating',
  really: 'realy',
  neighbours: 'nieghbours',
  believe: 'beleive',
  there: 'their',
  access: 'acess',
  would: 'wud',
  though: 'tho',
  people: 'ppl',
  business: 'buisness',
  committee: 'commitee',
  necessary: 'neccessary',
  tomorrow: 'tommorow',
  "doesn't": 'doesnt',
  "don't": 'dont',
  "I'm": 'Im',
}

/** Sentences that put personal data into a comment, for redaction tests. Never a theme. */
export const personalDataSentences = [
  'My CPN is {other} if you need to check anything.',
  'I was seen by a nurse called {other}.',
  'My social worker {other} knows the whole story.',
  'My name is {self} and I am happy to talk more about this.',
  'You can call me on {phone}.',
  'Ring me on {phone} any evening if you want more detail.',
  'Please email me at {email} with any updates.',
  'If anyone wants to follow this up my email is {email}',
  'Contact me on {email} or {phone}.',
  '{self}, {phone}',
]

/**
 * Sentences suggesting someone may be at risk, which staff must follow up. Written carefully and
 * without detail, as a real respondent in distress might put it.
 */
export const safeguardingSentences = [
  "Things are really hard for me right now and I'm not sure I can keep myself safe.",
  "My neighbour's son told me he has been thinking about ending his life and his family don't know. I don't know who I should tell.",
  "I'm worried about my sister. Her partner won't let her see anyone and she is frightened of him.",
  "I don't feel safe at home at the moment and nobody has asked me about it.",
  "My dad has stopped eating and keeps saying everyone would be better off without him. I'm scared for him.",
  'Lately I have been having thoughts of not wanting to be here any more and I am on my own most of the time.',
  "My friend's children are being left on their own for days when she is unwell and I don't know who to tell.",
]
