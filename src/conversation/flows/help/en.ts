// Help, in English.
export const helpWords = {
  text: [
    'I help you order 3CX licenses from your distributor:',
    '• Buy: new licenses, upgrades, annual renewals and maintenance renewals',
    '• Cart and checkout with a coupon code and the payment method of your choice',
    '• My licenses, Orders (and paying one that waits), Invoices and the Dashboard',
    '• Customers: your end customers and their licenses',
    '',
    'You can also just say what you want, for example:',
    '• renew 7Q2M-4K8P-ZX3N-1A9B for 2 years',
    '• renew maintenance of P4RP-7TNE-3L6S-9FWA',
    '• upgrade H3LT-9W2E-6RQ1-PK7V to enterprise 32',
    '• buy 3 pro 16 for 2 years',
    '• a license key alone shows that license; "expiring" lists those ending soon',
    '',
    'Commands that work at every step:',
    '/menu – the main menu',
    '/cart – your cart',
    '/back – one step back',
    '/cancel – stop what you are doing',
    '/help – this help',
  ].join('\n'),
};
