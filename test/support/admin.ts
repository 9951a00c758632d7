/** The first admin every test database is set up with (its own module: LiveServer tests need it without loading the app). */
export const ADMIN = { email: 'admin@logic.camp', password: 'Admin-Passw0rd!' };
