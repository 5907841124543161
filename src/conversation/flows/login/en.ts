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
  suspended: (distributor: string) => `Your company's account with ${distributor} is suspended: you cannot log in or order for now. Please contact ${distributor}.`,
  deletePasswordYourself: 'Please delete your message with the password from this chat.',
  enterPasswordPrivately: 'Enter the password privately',
  passwordFormTitle: 'Log in',
  passwordFormLabel: 'Password',
  passwordFormSubmit: 'Log in',
  passwordFormCancel: 'Cancel',
};
