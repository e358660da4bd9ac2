// The pictures beside Easy Read ideas: a small set drawn for Heard on a 24-unit grid, as SVG path
// data so the HTML shows them inline and the PDF draws the same shapes as vectors.

export const icons = {
  people:
    'M8 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM1 21v-2c0-3 3-5 7-5s7 2 7 5v2zm15 0v-2c0-1.6-.7-3-1.9-4 .6-.1 1.2-.1 1.9-.1 3.5 0 6 1.8 6 4.1v2z',
  calendar: 'M6 2h2v2h8V2h2v2h3v18H3V4h3zm-1 7v11h14V9zm2 2h4v4H7z',
  tick: 'M12 1a11 11 0 1 0 0 22 11 11 0 0 0 0-22zm-1.5 15.5L5.5 11.6l1.4-1.4 3.6 3.5 6.6-6.6 1.4 1.4z',
  speech: 'M3 3h18v13H8l-5 5zm4 5v2h10V8zm0 4v2h7v-2z',
  decision: 'M4 20h16v2H4zM12 2l9 6H3zm-6 8h3v8H6zm4.5 0h3v8h-3zm4.5 0h3v8h-3z',
} as const

export type IconName = keyof typeof icons
