import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { anonymousPanelActor } from '../../registry/accounts/account.types';
import { LoginHandler, type LoginResult } from '../../registry/accounts/commands/login.handler';
import { CommandRunner } from '../../registry/command/command-runner';

/** What a successful panel login leaves on the request (`req.user`). */
export interface PanelLoginUser extends LoginResult {
  email: string;
}

/**
 * passport-local for the panel's login form (`email`, `password`). The check itself is the
 * accounts handler (account.login: argon2 verify, equal cost for unknown addresses, lock-out
 * after ten wrong passwords); a refusal is its AuthenticationError, passed to passport as the
 * error so the login page can say why. No passport session: the panel keeps the account id in
 * its own Redis session, set after the session id is regenerated.
 */
@Injectable()
export class PanelLocalStrategy extends PassportStrategy(Strategy, 'panel-local') {
  constructor(
    private readonly runner: CommandRunner,
    private readonly login: LoginHandler,
  ) {
    super({ usernameField: 'email', passwordField: 'password', session: false });
  }

  async validate(email: string, password: string): Promise<PanelLoginUser> {
    const result = await this.runner.run(this.login, anonymousPanelActor(), { email, password });
    return { ...result, email: email.trim().toLowerCase() };
  }
}
