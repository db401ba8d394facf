/**
 * Error boundaries: a report field the page does not expect (a cause without an id, a missing list) must never
 * blank the app. `Guard` keeps the rest of the view and says, in place of the one part that failed, what could
 * not be shown and why; the navigation keeps working. `resetKey` clears the failure when it changes (a new
 * view or new route parameters). React still reports the error on the console (console.error), so a test
 * on real input that trips a guard fails.
 */
import { Component, type ReactNode } from 'react';

interface Props {
  /** What this part shows, for the message ("the past incidents", "this view"). */
  what: string;
  resetKey?: string;
  children: ReactNode;
}

export class Guard extends Component<Props, { error: Error | null; key?: string }> {
  override state: { error: Error | null; key?: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key?: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="card guard" role="alert" data-testid="guard">
        <h3>{`Could not show ${this.props.what}`}</h3>
        <p className="muted" style={{ margin: 0 }}>The report has a field this screen does not understand; the rest of the app still works.</p>
        <p className="mono small" style={{ overflowWrap: 'anywhere', marginBottom: 0 }}>{this.state.error.message}</p>
      </div>
    );
  }
}
