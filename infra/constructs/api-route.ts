/** Adds a route from the route catalogue to the HTTP API, with the authorizer when the route needs auth. */
import { HttpNoneAuthorizer, HttpRoute, HttpRouteKey, HttpMethod, type IHttpApi, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { RouteSpec } from '../../shared/contracts/api/routes.js';
import type { PillarsFunction } from './pillars-function.js';

export interface ApiRouteProps {
  readonly api: IHttpApi;
  readonly route: RouteSpec;
  readonly handler: PillarsFunction;
  readonly authorizer: IHttpRouteAuthorizer;
}

export class ApiRoute extends Construct {
  readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: ApiRouteProps) {
    super(scope, id);
    this.route = new HttpRoute(this, 'Route', {
      httpApi: props.api,
      routeKey: HttpRouteKey.with(props.route.path, HttpMethod[props.route.method]),
      integration: new HttpLambdaIntegration('Integration', props.handler.function),
      authorizer: props.route.auth ? props.authorizer : new HttpNoneAuthorizer(),
    });
  }
}
