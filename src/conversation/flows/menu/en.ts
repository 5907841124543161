// The main menu's words, in English.
export const menuWords = {
  title: 'Main menu. What would you like to do?',
  dashboard: 'Dashboard',
  buy: 'Buy',
  cart: (n: number) => (n > 0 ? `Cart (${n})` : 'Cart'),
  licenses: 'My licenses',
  invoices: 'Invoices',
  orders: 'Orders',
  help: 'Help',
  logout: 'Log out',
  buyTitle: 'What would you like to buy?',
};
