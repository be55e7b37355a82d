import type { ViewProps } from '../app.tsx';
import { View } from '../components/notice.tsx';
import { useTitle } from '../router.tsx';

// Placeholder until this view is built (issue 12).
export default function OverviewView(_props: ViewProps) {
  useTitle('overview');
  return (
    <View title="overview">
      <p className="muted">Not built yet.</p>
    </View>
  );
}
