/**
 * A deliberately tiny deny-list: the most common passwords of ten characters or more in public
 * breach corpora (shorter ones already fail the length rule), plus the obvious local choices.
 * It stops the first guesses of an online attack; it is not a breach-corpus check (that would need
 * a large list or an external service, and the login lock already limits online guessing).
 * Entries are lower case; the check compares case-insensitively.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '0000000000', '1111111111', '0123456789', '1234567890', '1234567891', '12345678910', '0987654321', '9876543210',
  '123456789a', '123456789q', 'a123456789', 'q123456789', 'abc1234567', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', '1234qwerty', 'asdfghjkl1', 'asdfghjkl;', 'zxcvbnm123',
  'abcdefghij', 'abcd123456', 'aaaaaaaaaa', 'password12', 'password123', 'password1234', 'password!1', 'passw0rd12',
  'p@ssw0rd123', 'p@ssword123', 'iloveyou12', 'iloveyou123', 'letmein123', 'welcome123', 'football123', 'princess12',
  'sunshine12', 'changeme123', 'administrator', 'admin12345', 'admin123456',
  'azerbaijan', 'azerbaijan1', 'azerbaycan', 'azerbaycan1', 'azərbaycan', 'azərbaycan1', 'baku123456', 'baki123456',
  'qarabag123', 'qarabag1993', 'qarabağ1993', 'parol12345', 'parol123456',
]);
