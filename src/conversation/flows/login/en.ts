// The login flow's words, in English.
export const loginWords = {
  welcome: (distributor: string) => `Welcome to ${distributor}'s 3CX ordering assistant. Please log in.`,
  askUsername: 'What is your username?',
  // The username is not repeated: someone who typed their password there by mistake would see it again.
  askPassword: 'Your password? (It is not shown or stored.)',
  loginWrong: 'That username and password do not match. Please try again.',
  loginLocked: (until: string) => `Too many failed attempts: this user is locked until ${until.slice(11, 16)} UTC. Try again later.`,
  loggedIn: (name: string, company: string) => `Welcome, ${name} (${company}).`,
  loggedOut: 'You are logged out.',
  privateLoginOnly: 'For your security I only ask for passwords in a private chat. Send me a private message, log in there, and then I will know you here too.',
  passwordDeleted: 'I deleted your message with the password from this chat.',
  sessionEnded: 'Your session has ended. Please log in again.',
  suspended: (distributor: string) => `Your company's account with ${distributor} is suspended: you cannot log in or order for now. Please contact them.`,
  invitationWelcome: (name: string, username: string, min: number) => `Welcome, ${name}. Your username is ${username}. Choose a password of at least ${min} characters.`,
  choosePassword: 'Your new password? (It is not shown or stored.)',
  invitationRefused: {
    unknown_code: 'That code is not known, or a newer one replaced it. Ask your administrator for a new one.',
    code_used: 'That code was used already: each code works once. Log in with your username and password, or ask your administrator for a new code.',
    code_expired: 'That code has expired (codes work for 7 days). Ask your administrator for a new one.',
    account_inactive: 'The account of that code is no longer active.',
    weak_password: 'That password is too short: the code still works, send it again and choose a password of at least 10 characters.',
    not_available: 'Codes cannot be used here. Please log in with your username and password.',
  },
  passwordChosen: 'Your password is set, and this chat is linked to you.',
  staffPasswordChosen: (username: string) => `Your password is set. Log in with your username ${username} and it.`,
  deletePasswordYourself: 'Please delete your message with the password from this chat.',
  enterPasswordPrivately: 'Enter the password privately',
  // Slack's form for a password: its title and buttons are at most 24 characters.
  passwordFormTitle: 'Log in',
  passwordFormLabel: 'Password',
  passwordFormSubmit: 'Log in',
  passwordFormCancel: 'Cancel',
  /** The same form for a new password chosen with a one-time code (an invitation or a reset). */
  newPasswordFormTitle: 'Choose a password',
  newPasswordFormLabel: 'New password (at least 10 characters)',
  newPasswordFormSubmit: 'Set the password',
};
